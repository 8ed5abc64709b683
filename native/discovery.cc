// Linux-only helpers for discovery: the same system calls the JavaScript fallback makes, without
// creating a JavaScript object per directory entry or per file descriptor. With 10,000 plain files
// beside the sockets, those objects cost more than the system calls themselves.
#include <napi.h>

#include <dirent.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

// One folder's entries that are not regular files, in name order (bytes, which is code-point order for
// UTF-8, and the order libuv's scandir gives the JavaScript path). `count` counts every entry; only the
// first `budget` entries in name order are kept, each with its `rank` in that order, so that the caller
// spends its entry budget exactly as the JavaScript scan does. Types: 's' socket, 'd' directory, 'l'
// symlink, '?' unknown (d_type is DT_UNKNOWN on some file systems). Sockets carry their lstat mode and
// uid (-1 if it failed).
struct Listing {
  const char* error = nullptr;
  double count = 0;
  std::vector<std::string> names;
  std::string types;
  std::vector<double> modes, uids, ranks;
};

void ListInto(const std::string& dir, double budget, Listing& out) {
  int dirFd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* stream = dirFd < 0 ? nullptr : fdopendir(dirFd);
  if (stream == nullptr) {
    out.error = errno == ENOENT ? "ENOENT" : errno == EACCES ? "EACCES" : "EIO";
    if (dirFd >= 0) close(dirFd);
    return;
  }
  // Every name is needed to know where the budget ends in name order; plain files keep no more than that.
  std::vector<std::string> names;
  std::string types;
  for (struct dirent* entry = readdir(stream); entry != nullptr; entry = readdir(stream)) {
    const char* name = entry->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    char type;
    switch (entry->d_type) {
      case DT_REG: case DT_FIFO: case DT_CHR: case DT_BLK: type = 'f'; break;
      case DT_SOCK: type = 's'; break;
      case DT_DIR: type = 'd'; break;
      case DT_LNK: type = 'l'; break;
      default: type = '?';
    }
    names.emplace_back(name);
    types.push_back(type);
  }
  out.count = static_cast<double>(names.size());
  std::vector<size_t> order(names.size());
  for (size_t i = 0; i < order.size(); i++) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return names[a] < names[b]; });
  for (size_t rank = 0; rank < order.size() && static_cast<double>(rank) < budget; rank++) {
    size_t i = order[rank];
    if (types[i] == 'f') continue;
    double mode = -1, uid = -1;
    struct stat st;
    if (types[i] == 's' && fstatat(dirFd, names[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISSOCK(st.st_mode)) {
      mode = st.st_mode;
      uid = st.st_uid;
    }
    out.names.push_back(std::move(names[i]));
    out.types.push_back(types[i]);
    out.modes.push_back(mode);
    out.uids.push_back(uid);
    out.ranks.push_back(static_cast<double>(rank));
  }
  closedir(stream);
}

// { count, names, types, modes, uids, ranks } or { error: "ENOENT" | "EACCES" | "EIO" }.
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
  Napi::Float64Array ranks = Napi::Float64Array::New(env, size);
  for (size_t i = 0; i < size; i++) {
    names.Set(static_cast<uint32_t>(i), Napi::String::New(env, listing.names[i]));
    modes[i] = listing.modes[i];
    uids[i] = listing.uids[i];
    ranks[i] = listing.ranks[i];
  }
  result.Set("count", Napi::Number::New(env, listing.count));
  result.Set("names", names);
  result.Set("types", Napi::String::New(env, listing.types));
  result.Set("modes", modes);
  result.Set("uids", uids);
  result.Set("ranks", ranks);
  return result;
}

// listDir(dir, budget) -> Promise of a listing. The folder is read in libuv's thread pool, so the
// caller can walk /proc meanwhile, and a huge folder never blocks the extension host.
class ListDirWorker : public Napi::AsyncWorker {
 public:
  ListDirWorker(Napi::Env env, std::string dir, double budget)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), dir_(std::move(dir)), budget_(budget) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override {
    ListInto(dir_, budget_, listing_);
  }
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

// The pids in /proc, ascending: a socket shared after fork() is then reported for its parent.
std::vector<long> ProcPids() {
  std::vector<long> pids;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return pids;
  for (struct dirent* entry = readdir(proc); entry != nullptr; entry = readdir(proc)) {
    char* end;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (*end == 0 && pid > 0) pids.push_back(pid);
  }
  closedir(proc);
  std::sort(pids.begin(), pids.end());
  return pids;
}

// listeningUnix(withOwners) -> Promise of { inodes, types: Float64Array, paths: string[] }, plus
// { pids: Float64Array (-1 where unknown), unreadable } with owners: the named listening sockets in
// /proc/net/unix (flag __SO_ACCEPTCON and state 01), read and parsed in libuv's thread pool. Paths
// are the kernel's text: '@' starts an abstract name and stands for each NUL in it. Owners come from
// the /proc/<pid>/fd links, walked after the table (so every listener in it is already bound) and
// only until each listener has its pid; `unreadable` counts fd folders we may not open (other
// users' processes when not root).
class ListeningUnixWorker : public Napi::AsyncWorker {
 public:
  ListeningUnixWorker(Napi::Env env, bool withOwners)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), withOwners_(withOwners) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    if (!ReadDiag()) ReadTable();
    if (withOwners_) FindOwners();
  }

  void OnOK() override {
    Napi::Env env = Env();
    size_t size = inodes_.size();
    Napi::Float64Array inodes = Napi::Float64Array::New(env, size);
    Napi::Float64Array types = Napi::Float64Array::New(env, size);
    Napi::Array paths = Napi::Array::New(env, size);
    for (size_t i = 0; i < size; i++) {
      inodes[i] = static_cast<double>(inodes_[i]);
      types[i] = types_[i];
      paths.Set(static_cast<uint32_t>(i), Napi::String::New(env, paths_[i]));
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("inodes", inodes);
    result.Set("types", types);
    result.Set("paths", paths);
    result.Set("source", Napi::String::New(env, fromDiag_ ? "diag" : "table"));
    if (withOwners_) {
      Napi::Float64Array pids = Napi::Float64Array::New(env, size);
      for (size_t i = 0; i < size; i++) pids[i] = pids_[i];
      result.Set("pids", pids);
      result.Set("unreadable", Napi::Number::New(env, unreadable_));
    }
    deferred_.Resolve(result);
  }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  // One row of the table, as parseProcNetUnix reads it (src/ipc/discovery/procNetUnix.ts), which
  // this mirrors rule for rule so both paths list the same sockets under the same names.
  struct Row {
    unsigned long long inode;
    unsigned int type;
    bool listening;
    bool named;
    std::string path;
  };

  static bool Hex(const char*& at, bool lower, unsigned long long* value) {
    const char* start = at;
    unsigned long long result = 0;
    for (;; at++) {
      char c = *at;
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : lower && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) break;
      result = result * 16 + digit;
    }
    if (value) *value = result;
    return at > start;
  }

  // "Num: RefCount Protocol Flags Type St Inode[ Path]"; false for the header and for other text.
  static bool ParseRow(const char* line, Row& row) {
    const char* at = line;
    while (*at == ' ') at++;
    unsigned long long flags, type, state, inode = 0;
    if (!Hex(at, true, nullptr) || *at++ != ':' || *at++ != ' ') return false;
    if (!Hex(at, false, nullptr) || *at++ != ' ' || !Hex(at, false, nullptr) || *at++ != ' ') return false;
    if (!Hex(at, false, &flags) || *at++ != ' ' || !Hex(at, false, &type) || *at++ != ' ') return false;
    if (!Hex(at, false, &state) || *at != ' ') return false;
    while (*at == ' ') at++;
    const char* digits = at;
    for (; *at >= '0' && *at <= '9'; at++) inode = inode * 10 + (*at - '0');
    if (at == digits || (*at != 0 && *at != ' ')) return false;
    row.inode = inode;
    row.type = static_cast<unsigned int>(type);
    row.listening = (flags & 0x10000) != 0 && state == 1;
    row.named = *at == ' ';
    row.path = row.named ? at + 1 : "";
    return true;
  }

  static bool IsSocketFile(const std::string& path) {
    struct stat info;
    return lstat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode);
  }

  // A row-shaped line is the rest of a path name when the path is no socket file and the joined name is;
  // asked only where a listening row is at stake.
  static bool ContinuesPath(const Row& previous, const Row& row, const char* line) {
    if (previous.path.empty() || previous.path[0] != '/' || !(previous.listening || row.listening)) return false;
    std::string joined = previous.path + "\n" + line;
    if (joined.size() >= sizeof(sockaddr_un::sun_path)) return false;
    return !IsSocketFile(previous.path) && IsSocketFile(joined);
  }

  // The kernel's socket diagnostics (NETLINK_SOCK_DIAG), asked for listening Unix sockets and their
  // names. Each name comes as its own bytes, so no name can pass for a row, as one can in the text of
  // /proc/net/unix. False where the kernel has no unix_diag; then the table is read instead.
  bool ReadDiag() {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) return false;
    struct {
      nlmsghdr header;
      unix_diag_req request;
    } ask = {};
    ask.header.nlmsg_len = sizeof(ask);
    ask.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    ask.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    ask.request.sdiag_family = AF_UNIX;
    ask.request.udiag_states = 1 << kListenState;
    ask.request.udiag_show = UDIAG_SHOW_NAME;
    sockaddr_nl kernel = {};
    kernel.nl_family = AF_NETLINK;
    bool done = sendto(fd, &ask, sizeof(ask), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof(kernel)) == sizeof(ask);
    bool ok = false;
    // A dump comes in parts, and a socket bound or closed between two parts can make the next one
    // repeat a socket: each inode is kept once.
    std::unordered_set<unsigned long long> seen;
    std::vector<char> buffer(1 << 16);
    while (done && !ok) {
      ssize_t length = recv(fd, buffer.data(), buffer.size(), 0);
      if (length < 0 && errno == EINTR) continue;
      if (length <= 0) break;
      int left = static_cast<int>(length);
      for (nlmsghdr* header = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(header, left); header = NLMSG_NEXT(header, left)) {
        if (header->nlmsg_type == NLMSG_DONE) {
          ok = true;
          break;
        }
        if (header->nlmsg_type == NLMSG_ERROR || header->nlmsg_type != SOCK_DIAG_BY_FAMILY) {
          done = false;
          break;
        }
        const unix_diag_msg* socketInfo = static_cast<const unix_diag_msg*>(NLMSG_DATA(header));
        if (socketInfo->udiag_state != kListenState || !seen.insert(socketInfo->udiag_ino).second) continue;
        int attributesLength = static_cast<int>(header->nlmsg_len - NLMSG_LENGTH(sizeof(*socketInfo)));
        const rtattr* attribute = reinterpret_cast<const rtattr*>(socketInfo + 1);
        for (; RTA_OK(attribute, attributesLength); attribute = RTA_NEXT(attribute, attributesLength)) {
          if (attribute->rta_type != UNIX_DIAG_NAME) continue;
          std::string path = KernelText(static_cast<const char*>(RTA_DATA(attribute)), RTA_PAYLOAD(attribute));
          if (path.empty()) break;
          inodes_.push_back(socketInfo->udiag_ino);
          types_.push_back(socketInfo->udiag_type);
          paths_.push_back(std::move(path));
          break;
        }
      }
    }
    close(fd);
    if (!ok) {
      inodes_.clear();
      types_.clear();
      paths_.clear();
    }
    fromDiag_ = ok;
    return ok;
  }

  // A bound name as /proc/net/unix prints it: a path without its closing NUL; an abstract name as '@'
  // followed by the rest, each NUL shown as '@'.
  static std::string KernelText(const char* name, size_t length) {
    if (length == 0) return "";
    if (name[0] != 0) return std::string(name, strnlen(name, length));
    std::string text(name, length);
    std::replace(text.begin(), text.end(), '\0', '@');
    return text;
  }

  // The table's lines, or none where there is no /proc (as in the JavaScript path).
  static std::vector<std::string> ReadLines() {
    std::vector<std::string> lines;
    FILE* table = fopen("/proc/net/unix", "re");
    if (table == nullptr) return lines;
    char* buffer = nullptr;
    size_t capacity = 0;
    ssize_t length;
    while ((length = getline(&buffer, &capacity, table)) > 0) {
      if (buffer[length - 1] == '\n') buffer[--length] = 0;
      lines.emplace_back(buffer, static_cast<size_t>(length));
    }
    free(buffer);
    fclose(table);
    return lines;
  }

  // Parses the row-shaped lines; returns the inodes printed more than once.
  static std::unordered_set<unsigned long long> ParseLines(const std::vector<std::string>& lines, std::vector<Row>& parsed,
                                                           std::vector<bool>& isRow) {
    parsed.assign(lines.size(), Row());
    isRow.assign(lines.size(), false);
    std::unordered_set<unsigned long long> seen, again;
    for (size_t i = 0; i < lines.size(); i++) {
      isRow[i] = ParseRow(lines[i].c_str(), parsed[i]);
      // Every socket being torn down prints inode 0, and the fd walk finds no owner for 0.
      if (isRow[i] && parsed[i].inode != 0 && !seen.insert(parsed[i].inode).second) again.insert(parsed[i].inode);
    }
    return again;
  }

  // Reads the table as readTable does (procNetUnix.ts): an inode printed twice in each of three readings
  // is a row forged inside a name; another one printed twice is a reprint from a page that started early.
  void ReadTable() {
    std::vector<std::string> lines = ReadLines();
    std::vector<Row> parsed;
    std::vector<bool> isRow;
    std::unordered_set<unsigned long long> forged = ParseLines(lines, parsed, isRow);
    for (int reading = 1; !forged.empty() && reading < 3; reading++) {
      lines = ReadLines();
      std::unordered_set<unsigned long long> again = ParseLines(lines, parsed, isRow);
      for (auto it = forged.begin(); it != forged.end();) it = again.count(*it) ? std::next(it) : forged.erase(it);
    }
    // The kernel prints names raw: a line that is not a row continues the name of the row before it, and
    // so does a row-shaped line crafted inside a name (see parseProcNetUnix).
    std::vector<Row> rows;
    std::vector<bool> reprint;
    std::unordered_set<unsigned long long> seen;
    for (size_t i = 0; i < lines.size(); i++) {
      bool crafted = isRow[i] && !rows.empty() && rows.back().named &&
                     (forged.count(parsed[i].inode) || ContinuesPath(rows.back(), parsed[i], lines[i].c_str()));
      if (!rows.empty() && rows.back().named && (!isRow[i] || crafted)) {
        rows.back().path.append("\n").append(lines[i]);
        continue;
      }
      if (!isRow[i]) continue;
      // A reprint still takes the lines of its own name with it, then is left out.
      reprint.push_back(parsed[i].inode != 0 && !seen.insert(parsed[i].inode).second && !forged.count(parsed[i].inode));
      rows.push_back(std::move(parsed[i]));
    }
    for (size_t i = 0; i < rows.size(); i++) {
      Row& row = rows[i];
      if (reprint[i] || !row.listening || row.path.empty()) continue;
      inodes_.push_back(row.inode);
      types_.push_back(row.type);
      paths_.push_back(std::move(row.path));
    }
  }

  void FindOwners() {
    pids_.assign(inodes_.size(), -1);
    std::unordered_map<unsigned long long, size_t> rowOf;
    for (size_t i = 0; i < inodes_.size(); i++) rowOf.emplace(inodes_[i], i);
    size_t left = rowOf.size();
    char fdDir[64];
    char link[64];
    for (long pid : ProcPids()) {
      if (left == 0) break;
      snprintf(fdDir, sizeof fdDir, "/proc/%ld/fd", pid);
      int dirFd = open(fdDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      DIR* stream = dirFd < 0 ? nullptr : fdopendir(dirFd);
      if (stream == nullptr) {
        if (errno == EACCES) unreadable_++;
        if (dirFd >= 0) close(dirFd);
        continue;  // the process ended, or is not ours to read
      }
      for (struct dirent* entry = readdir(stream); entry != nullptr && left > 0; entry = readdir(stream)) {
        if (entry->d_name[0] == '.') continue;
        ssize_t length = readlinkat(dirFd, entry->d_name, link, sizeof link - 1);
        // "socket:[12345]"
        if (length < 9 || std::strncmp(link, "socket:[", 8) != 0) continue;
        link[length] = 0;
        auto row = rowOf.find(std::strtoull(link + 8, nullptr, 10));
        if (row == rowOf.end()) continue;
        pids_[row->second] = static_cast<double>(pid);
        rowOf.erase(row);
        left--;
      }
      closedir(stream);
    }
  }

  Napi::Promise::Deferred deferred_;
  bool withOwners_;
  bool fromDiag_ = false;
  // TCP_LISTEN: the state unix_diag reports for a listening Unix socket.
  static constexpr unsigned char kListenState = 10;
  std::vector<unsigned long long> inodes_;
  std::vector<double> types_;
  std::vector<std::string> paths_;
  std::vector<double> pids_;
  double unreadable_ = 0;
};

Napi::Value ListeningUnix(const Napi::CallbackInfo& info) {
  bool withOwners = info.Length() > 0 && info[0].ToBoolean().Value();
  auto* worker = new ListeningUnixWorker(info.Env(), withOwners);
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
  exports.Set("connectUnix", Napi::Function::New(env, ConnectUnix));
  exports.Set("listeningUnix", Napi::Function::New(env, ListeningUnix));
  return exports;
}

}  // namespace

NODE_API_MODULE(grpc_ipc_native, Init)
