// Linux-only helpers for discovery: the same system calls the JavaScript fallback makes, without
// creating a JavaScript object per directory entry or per file descriptor. With 10,000 plain files
// beside the sockets, those objects cost more than the system calls themselves.
#include <napi.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

// One folder's entries that are not regular files. `count` counts every entry read, and reading stops
// once it passes `budget`. Types: 's' socket, 'd' directory, 'l' symlink, '?' unknown (d_type is
// DT_UNKNOWN on some file systems). Sockets carry their lstat mode and uid (-1 if it failed).
struct Listing {
  const char* error = nullptr;
  double count = 0;
  std::vector<std::string> names;
  std::string types;
  std::vector<double> modes, uids;
};

void ListInto(const std::string& dir, double budget, Listing& out) {
  int dirFd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* stream = dirFd < 0 ? nullptr : fdopendir(dirFd);
  if (stream == nullptr) {
    out.error = errno == ENOENT ? "ENOENT" : errno == EACCES ? "EACCES" : "EIO";
    if (dirFd >= 0) close(dirFd);
    return;
  }
  for (struct dirent* entry = readdir(stream); entry != nullptr; entry = readdir(stream)) {
    const char* name = entry->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    if (++out.count > budget) break;
    char type;
    switch (entry->d_type) {
      case DT_REG: case DT_FIFO: case DT_CHR: case DT_BLK: continue;
      case DT_SOCK: type = 's'; break;
      case DT_DIR: type = 'd'; break;
      case DT_LNK: type = 'l'; break;
      default: type = '?';
    }
    double mode = -1, uid = -1;
    struct stat st;
    if (type == 's' && fstatat(dirFd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISSOCK(st.st_mode)) {
      mode = st.st_mode;
      uid = st.st_uid;
    }
    out.names.emplace_back(name);
    out.types.push_back(type);
    out.modes.push_back(mode);
    out.uids.push_back(uid);
  }
  closedir(stream);
}

// { count, names, types, modes, uids } or { error: "ENOENT" | "EACCES" | "EIO" }.
Napi::Object ListingToJs(Napi::Env env, const Listing& listing) {
  Napi::Object result = Napi::Object::New(env);
  if (listing.error != nullptr) {
    result.Set("error", Napi::String::New(env, listing.error));
    return result;
  }
  size_t size = listing.names.size();
  Napi::Array names = Napi::Array::New(env, size);
  Napi::Float64Array modes = Napi::Float64Array::New(env, size);
  Napi::Float64Array uids = Napi::Float64Array::New(env, size);
  for (size_t i = 0; i < size; i++) {
    names.Set(static_cast<uint32_t>(i), Napi::String::New(env, listing.names[i]));
    modes[i] = listing.modes[i];
    uids[i] = listing.uids[i];
  }
  result.Set("count", Napi::Number::New(env, listing.count));
  result.Set("names", names);
  result.Set("types", Napi::String::New(env, listing.types));
  result.Set("modes", modes);
  result.Set("uids", uids);
  return result;
}

// listDir(dir, budget) -> Promise of a listing. The folder is read in libuv's thread pool, so the
// caller can walk /proc meanwhile, and a huge folder never blocks the extension host.
class ListDirWorker : public Napi::AsyncWorker {
 public:
  ListDirWorker(Napi::Env env, std::string dir, double budget)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), dir_(std::move(dir)), budget_(budget) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override { ListInto(dir_, budget_, listing_); }
  void OnOK() override { deferred_.Resolve(ListingToJs(Env(), listing_)); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::string dir_;
  double budget_;
  Listing listing_;
};

Napi::Value ListDir(const Napi::CallbackInfo& info) {
  auto* worker = new ListDirWorker(info.Env(), info[0].As<Napi::String>(), info[1].As<Napi::Number>().DoubleValue());
  worker->Queue();
  return worker->Promise();
}

// socketOwners(pids: Float64Array) -> Promise of { found: Float64Array of [inode, pid] pairs, unreadable }.
// Reads the /proc/<pid>/fd links of the given pids, in the order given, in libuv's thread pool; every
// socket inode is reported once, for the first pid that holds it. `unreadable` counts fd folders we
// may not open (other users' processes when not root).
class SocketOwnersWorker : public Napi::AsyncWorker {
 public:
  SocketOwnersWorker(Napi::Env env, std::vector<long> pids)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), pids_(std::move(pids)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    std::unordered_set<unsigned long long> seen;
    char fdDir[64];
    char link[64];
    for (long pid : pids_) {
      snprintf(fdDir, sizeof fdDir, "/proc/%ld/fd", pid);
      int dirFd = open(fdDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      DIR* stream = dirFd < 0 ? nullptr : fdopendir(dirFd);
      if (stream == nullptr) {
        if (errno == EACCES) unreadable_++;
        if (dirFd >= 0) close(dirFd);
        continue;  // the process ended, or is not ours to read
      }
      for (struct dirent* entry = readdir(stream); entry != nullptr; entry = readdir(stream)) {
        if (entry->d_name[0] == '.') continue;
        ssize_t length = readlinkat(dirFd, entry->d_name, link, sizeof link - 1);
        // "socket:[12345]"
        if (length < 9 || std::strncmp(link, "socket:[", 8) != 0) continue;
        link[length] = 0;
        unsigned long long inode = std::strtoull(link + 8, nullptr, 10);
        if (seen.insert(inode).second) {
          found_.push_back(static_cast<double>(inode));
          found_.push_back(static_cast<double>(pid));
        }
      }
      closedir(stream);
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Float64Array found = Napi::Float64Array::New(env, found_.size());
    for (size_t i = 0; i < found_.size(); i++) found[i] = found_[i];
    Napi::Object result = Napi::Object::New(env);
    result.Set("found", found);
    result.Set("unreadable", Napi::Number::New(env, unreadable_));
    deferred_.Resolve(result);
  }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::vector<long> pids_;
  std::vector<double> found_;
  double unreadable_ = 0;
};

Napi::Value SocketOwners(const Napi::CallbackInfo& info) {
  Napi::Float64Array pidArray = info[0].As<Napi::Float64Array>();
  std::vector<long> pids;
  for (size_t i = 0; i < pidArray.ElementLength(); i++) pids.push_back(static_cast<long>(pidArray[i]));
  auto* worker = new SocketOwnersWorker(info.Env(), std::move(pids));
  worker->Queue();
  return worker->Promise();
}

// listeningUnix() -> Promise of { inodes, types: Float64Array, paths: string[] }: the named listening sockets
// in /proc/net/unix (flag __SO_ACCEPTCON and state 01), read and parsed in libuv's thread pool. Paths
// are the kernel's text: '@' starts an abstract name and stands for each NUL in it.
class ListeningUnixWorker : public Napi::AsyncWorker {
 public:
  explicit ListeningUnixWorker(Napi::Env env) : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    FILE* table = fopen("/proc/net/unix", "re");
    if (table == nullptr) return;  // no /proc: no rows, as in the JavaScript path
    char* line = nullptr;
    size_t capacity = 0;
    ssize_t length;
    while ((length = getline(&line, &capacity, table)) > 0) {
      if (line[length - 1] == '\n') line[--length] = 0;
      unsigned int flags, type, state;
      unsigned long long inode;
      int consumed = -1;
      // "Num: RefCount Protocol Flags Type St Inode Path"; the header line fails the scan.
      if (sscanf(line, "%*x: %*x %*x %x %x %x %llu%n", &flags, &type, &state, &inode, &consumed) != 4 || consumed < 0) continue;
      if (!(flags & 0x10000) || state != 1 || line[consumed] != ' ' || line[consumed + 1] == 0) continue;
      inodes_.push_back(static_cast<double>(inode));
      types_.push_back(type);
      paths_.emplace_back(line + consumed + 1);
    }
    free(line);
    fclose(table);
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Float64Array inodes = Napi::Float64Array::New(env, inodes_.size());
    Napi::Float64Array types = Napi::Float64Array::New(env, types_.size());
    Napi::Array paths = Napi::Array::New(env, paths_.size());
    for (size_t i = 0; i < inodes_.size(); i++) {
      inodes[i] = inodes_[i];
      types[i] = types_[i];
      paths.Set(static_cast<uint32_t>(i), Napi::String::New(env, paths_[i]));
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("inodes", inodes);
    result.Set("types", types);
    result.Set("paths", paths);
    deferred_.Resolve(result);
  }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::vector<double> inodes_, types_;
  std::vector<std::string> paths_;
};

Napi::Value ListeningUnix(const Napi::CallbackInfo& info) {
  auto* worker = new ListeningUnixWorker(info.Env());
  worker->Queue();
  return worker->Promise();
}

// connectUnix(paths) -> one letter per path: 'l' someone accepts (or the backlog is full), 'r' refused
// (stale), 'm' missing, 'd' permission denied, 'u' unknown. A Unix socket connect never waits, so the
// attempt is made without blocking and closed at once.
Napi::Value ConnectUnix(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array paths = info[0].As<Napi::Array>();
  std::string results;
  for (uint32_t i = 0; i < paths.Length(); i++) {
    std::string path = paths.Get(i).As<Napi::String>();
    struct sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) {
      results.push_back('u');
      continue;
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      results.push_back('u');
      continue;
    }
    int rc = connect(fd, reinterpret_cast<struct sockaddr*>(&address), sizeof address);
    int error = rc == 0 ? 0 : errno;
    close(fd);
    switch (error) {
      case 0: case EAGAIN: case EINPROGRESS: results.push_back('l'); break;
      case ECONNREFUSED: results.push_back('r'); break;
      case ENOENT: results.push_back('m'); break;
      case EACCES: case EPERM: results.push_back('d'); break;
      default: results.push_back('u');
    }
  }
  return Napi::String::New(env, results);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("listDir", Napi::Function::New(env, ListDir));
  exports.Set("socketOwners", Napi::Function::New(env, SocketOwners));
  exports.Set("connectUnix", Napi::Function::New(env, ConnectUnix));
  exports.Set("listeningUnix", Napi::Function::New(env, ListeningUnix));
  return exports;
}

}  // namespace

NODE_API_MODULE(grpc_ipc_native, Init)
