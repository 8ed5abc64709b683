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
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

// listDir(dir, budget) -> { count, names, types, modes, uids } or { error: "ENOENT" }.
// Only entries that are not regular files are returned; `count` counts every entry read, and reading
// stops once it passes `budget`. Types: 's' socket, 'd' directory, 'l' symlink, '?' unknown (d_type
// is DT_UNKNOWN on some file systems). Sockets carry their lstat mode and uid (-1 if it failed).
Napi::Value ListDir(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string dir = info[0].As<Napi::String>();
  double budget = info[1].As<Napi::Number>().DoubleValue();
  Napi::Object result = Napi::Object::New(env);
  int dirFd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* stream = dirFd < 0 ? nullptr : fdopendir(dirFd);
  if (stream == nullptr) {
    int error = errno;
    if (dirFd >= 0) close(dirFd);
    result.Set("error", Napi::String::New(env, error == ENOENT ? "ENOENT" : error == EACCES ? "EACCES" : "EIO"));
    return result;
  }
  Napi::Array names = Napi::Array::New(env);
  std::string types;
  std::vector<double> modes, uids;
  double count = 0;
  for (struct dirent* entry = readdir(stream); entry != nullptr; entry = readdir(stream)) {
    const char* name = entry->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    if (++count > budget) break;
    char type;
    switch (entry->d_type) {
      case DT_REG: case DT_FIFO: case DT_CHR: case DT_BLK: continue;
      case DT_SOCK: type = 's'; break;
      case DT_DIR: type = 'd'; break;
      case DT_LNK: type = 'l'; break;
      default: type = '?';
    }
    double mode = -1, uid = -1;
    if (type == 's') {
      struct stat st;
      if (fstatat(dirFd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISSOCK(st.st_mode)) {
        mode = st.st_mode;
        uid = st.st_uid;
      }
    }
    names.Set(static_cast<uint32_t>(types.size()), Napi::String::New(env, name));
    types.push_back(type);
    modes.push_back(mode);
    uids.push_back(uid);
  }
  closedir(stream);
  Napi::Float64Array modeArray = Napi::Float64Array::New(env, modes.size());
  Napi::Float64Array uidArray = Napi::Float64Array::New(env, uids.size());
  for (size_t i = 0; i < modes.size(); i++) {
    modeArray[i] = modes[i];
    uidArray[i] = uids[i];
  }
  result.Set("count", Napi::Number::New(env, count));
  result.Set("names", names);
  result.Set("types", Napi::String::New(env, types));
  result.Set("modes", modeArray);
  result.Set("uids", uidArray);
  return result;
}

// socketOwners(wanted: Float64Array of socket inodes, pids: Float64Array) ->
//   { found: Float64Array of [inode, pid] pairs, unreadable: number }
// Reads the /proc/<pid>/fd links of the given pids, in the order given; each wanted inode is reported
// once, for the first pid that holds it. `unreadable` counts fd folders we may not open.
Napi::Value SocketOwners(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Float64Array wantedArray = info[0].As<Napi::Float64Array>();
  Napi::Float64Array pidArray = info[1].As<Napi::Float64Array>();
  std::unordered_set<unsigned long long> wanted;
  for (size_t i = 0; i < wantedArray.ElementLength(); i++) wanted.insert(static_cast<unsigned long long>(wantedArray[i]));
  std::vector<double> found;
  double unreadable = 0;
  char fdDir[64];
  char link[64];
  for (size_t i = 0; i < pidArray.ElementLength() && !wanted.empty(); i++) {
    long pid = static_cast<long>(pidArray[i]);
    snprintf(fdDir, sizeof fdDir, "/proc/%ld/fd", pid);
    int dirFd = open(fdDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* stream = dirFd < 0 ? nullptr : fdopendir(dirFd);
    if (stream == nullptr) {
      if (errno == EACCES) unreadable++;
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
      if (wanted.erase(inode) == 1) {
        found.push_back(static_cast<double>(inode));
        found.push_back(static_cast<double>(pid));
      }
    }
    closedir(stream);
  }
  Napi::Float64Array foundArray = Napi::Float64Array::New(env, found.size());
  for (size_t i = 0; i < found.size(); i++) foundArray[i] = found[i];
  Napi::Object result = Napi::Object::New(env);
  result.Set("found", foundArray);
  result.Set("unreadable", Napi::Number::New(env, unreadable));
  return result;
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
  return exports;
}

}  // namespace

NODE_API_MODULE(grpc_ipc_native, Init)
