// The dev server over real HTTP on loopback: pages, types, 404, traversal,
// live reload after an edit, the error overlay and recovery.
#include "serve/serve_loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace portal {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Reply {
  int status = 0;
  std::string headers;  // lowercased names and values
  std::string body;
};

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Reads from `fd` into *out until `done(*out)` or the deadline; false on timeout.
template <typename Done>
bool ReadUntil(int fd, std::string* out, Clock::time_point deadline, Done done) {
  char buf[8192];
  while (!done(*out)) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, left) <= 0) return false;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return done(*out);
    out->append(buf, static_cast<size_t>(n));
  }
  return true;
}

// One GET with the target sent byte for byte (no client-side normalizing).
Reply Get(int port, const std::string& target) {
  Reply r;
  int fd = Connect(port);
  if (fd < 0) return r;
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) return r;
  std::string raw;
  ReadUntil(fd, &raw, Clock::now() + std::chrono::seconds(5), [](const std::string&) { return false; });
  close(fd);
  size_t head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos) return r;
  r.status = std::stoi(raw.substr(9, 3));
  r.headers = raw.substr(0, head_end);
  for (char& c : r.headers) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  r.body = raw.substr(head_end + 4);
  return r;
}

void WriteFile(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

const char kPageA[] = "---\ntitle: 第一篇讲话\ndate: 2023-03-01\ntags: [学习]\n---\n\n## 一、提高认识\n\n正文。\n";

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/portal-serve-XXXXXX";
    root_ = mkdtemp(tmpl);
    WriteFile(root_ / "site-config/site.yaml",
              "title: 测试园地\nbaseURL: https://example.org/\nsearch: false\nsections:\n"
              "  - name: speeches\n    label: 领导讲话\n");
    WriteFile(root_ / "content/speeches/a.md", kPageA);
    WriteFile(root_ / "content/speeches/b.md", "---\ntitle: 第二篇\ndate: 2023-03-02\ndraft: true\n---\n\n草稿。\n");
    WriteFile(root_ / "static/files/note.txt", "说明\n");
    fs::create_directories(root_ / "layouts");  // watched from the start, empty
    ServeOptions options;
    options.site_root = root_;
    options.port = 0;
    options.jobs = 2;
    server_ = std::make_unique<DevServer>(options, &log_);
    std::string error;
    ASSERT_TRUE(server_->Start(&error)) << error;
    port_ = server_->port();
  }
  void TearDown() override {
    auto start = Clock::now();
    server_.reset();  // stops, with event streams still open
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(4)) << "shutdown hung";
    fs::remove_all(root_);
  }

  // Opens the live-reload event stream and reads up to its ": connected"
  // line into *stream; the descriptor, or -1 (with a test failure).
  int OpenEvents(std::string* stream) {
    int fd = Connect(port_);
    EXPECT_GE(fd, 0);
    if (fd < 0) return -1;
    std::string req = "GET /__portal/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    bool sent = write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size());
    bool connected = sent && ReadUntil(fd, stream, Clock::now() + std::chrono::seconds(5), [](const std::string& s) {
                       return s.find(": connected") != std::string::npos;
                     });
    EXPECT_TRUE(connected) << *stream;
    if (!connected) {
      close(fd);
      return -1;
    }
    return fd;
  }

  fs::path root_;
  std::ostringstream log_;
  std::unique_ptr<DevServer> server_;
  int port_ = 0;
};

TEST_F(ServeTest, ServesPagesWithTypesAndTheReloadScript) {
  Reply home = Get(port_, "/");
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.headers.find("content-type: text/html; charset=utf-8"), std::string::npos) << home.headers;
  EXPECT_NE(home.body.find("<script data-portal-live-reload>"), std::string::npos);
  EXPECT_LT(home.body.find("data-portal-live-reload"), home.body.rfind("</body>"));

  Reply page = Get(port_, "/speeches/b/");  // a draft: shown while serving
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("第二篇"), std::string::npos);

  Reply folder = Get(port_, "/speeches");
  EXPECT_EQ(folder.status, 301);
  EXPECT_NE(folder.headers.find("/speeches/\r\n"), std::string::npos) << folder.headers;
  EXPECT_EQ(Get(port_, "/speeches/").status, 200);

  Reply css = Get(port_, "/css/style.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_NE(css.headers.find("content-type: text/css; charset=utf-8"), std::string::npos);
  EXPECT_EQ(css.body.find("data-portal-live-reload"), std::string::npos);
  Reply txt = Get(port_, "/files/note.txt");
  EXPECT_EQ(txt.body, "说明\n");
  EXPECT_NE(txt.headers.find("content-type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(Get(port_, "/index.xml").headers.find("content-type: application/xml; charset=utf-8"),
            std::string::npos);

  Reply missing = Get(port_, "/no/such/page/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("class=\"not-found\""), std::string::npos);  // the site's 404.html
  EXPECT_NE(missing.body.find("data-portal-live-reload"), std::string::npos);
}

TEST_F(ServeTest, RefusesPathsOutsideTheSite) {
  for (const char* target : {"/../etc/passwd", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                             "/..%2fsite-config/site.yaml", "/..%2F..%2Fetc%2Fpasswd", "/..\\site-config\\site.yaml",
                             "/%5c..%5csite-config%5csite.yaml", "/static/../site-config/site.yaml",
                             "/speeches/%00/../../site-config/site.yaml", "//etc/passwd", "/site-config/site.yaml",
                             "/content/speeches/a.md"}) {
    Reply r = Get(port_, target);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " gave " << r.status;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("baseURL"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("第一篇讲话\ndate"), std::string::npos) << target;
  }
}

// Not only content: the config, a layout override and a static file are
// watched too, and each edit reloads with the new output.
TEST_F(ServeTest, ReloadsAfterConfigLayoutAndStaticEdits) {
  std::string stream;
  int fd = OpenEvents(&stream);
  ASSERT_GE(fd, 0);
  auto reload_after = [&](size_t from) {
    return [from](const std::string& s) { return s.find("event: reload", from) != std::string::npos; };
  };

  size_t mark = stream.size();
  WriteFile(root_ / "site-config/site.yaml",
            "title: 改名的园地\nbaseURL: https://example.org/\nsearch: false\nsections:\n"
            "  - name: speeches\n    label: 领导讲话\n");
  ASSERT_TRUE(ReadUntil(fd, &stream, Clock::now() + std::chrono::seconds(5), reload_after(mark))) << stream;
  EXPECT_NE(Get(port_, "/").body.find("改名的园地"), std::string::npos);

  mark = stream.size();
  WriteFile(root_ / "layouts/404.mustache", "<!doctype html><p class=\"own-404\">这里没有这一页</p>\n");
  ASSERT_TRUE(ReadUntil(fd, &stream, Clock::now() + std::chrono::seconds(5), reload_after(mark))) << stream;
  Reply missing = Get(port_, "/no/such/page/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("own-404"), std::string::npos) << missing.body;

  mark = stream.size();
  WriteFile(root_ / "static/files/note.txt", "新的说明\n");
  ASSERT_TRUE(ReadUntil(fd, &stream, Clock::now() + std::chrono::seconds(5), reload_after(mark))) << stream;
  EXPECT_EQ(Get(port_, "/files/note.txt").body, "新的说明\n");
  close(fd);
}

TEST_F(ServeTest, ReloadsAfterAnEditShowsErrorsAndRecovers) {
  std::string stream;
  int fd = OpenEvents(&stream);
  ASSERT_GE(fd, 0);
  auto seen = [&](const std::string& needle, size_t from) {
    return [needle, from](const std::string& s) { return s.find(needle, from) != std::string::npos; };
  };
  EXPECT_NE(stream.find("Content-Type: text/event-stream"), std::string::npos) << stream;

  // An edit: the page reloads and shows the new text.
  size_t mark = stream.size();
  std::string edited = kPageA;
  edited.replace(edited.find("第一篇讲话"), std::string("第一篇讲话").size(), "修改后的讲话");
  WriteFile(root_ / "content/speeches/a.md", edited);
  ASSERT_TRUE(ReadUntil(fd, &stream, Clock::now() + std::chrono::seconds(5), seen("event: reload", mark))) << stream;
  EXPECT_NE(Get(port_, "/speeches/a/").body.find("修改后的讲话"), std::string::npos);
  EXPECT_EQ(Get(port_, "/__portal/errors").body, "");

  // A broken file: an error event, the error with its position, the last
  // good page still served.
  mark = stream.size();
  WriteFile(root_ / "content/speeches/a.md", "---\ntitle: 坏了\ndate: 2023-02-30\n---\n正文\n");
  ASSERT_TRUE(ReadUntil(fd, &stream, Clock::now() + std::chrono::seconds(5), seen("event: build-error", mark)))
      << stream;
  Reply errors = Get(port_, "/__portal/errors");
  EXPECT_NE(errors.body.find("content/speeches/a.md:3:"), std::string::npos) << errors.body;
  EXPECT_NE(errors.body.find("error:"), std::string::npos) << errors.body;
  EXPECT_NE(Get(port_, "/speeches/a/").body.find("修改后的讲话"), std::string::npos);

  // Fixed: reload, no errors left, no restart needed.
  mark = stream.size();
  WriteFile(root_ / "content/speeches/a.md", kPageA);
  ASSERT_TRUE(ReadUntil(fd, &stream, Clock::now() + std::chrono::seconds(5), seen("event: reload", mark))) << stream;
  EXPECT_EQ(Get(port_, "/__portal/errors").body, "");
  EXPECT_NE(Get(port_, "/speeches/a/").body.find("第一篇讲话"), std::string::npos);
  EXPECT_NE(log_.str().find("rebuilt in "), std::string::npos);
  close(fd);
}

TEST(IsLoopbackAddress, KnowsLoopbackFromTheNetwork) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackAddress("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackAddress("::1"));
  EXPECT_TRUE(IsLoopbackAddress("localhost"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackAddress("192.168.1.10"));
  EXPECT_FALSE(IsLoopbackAddress("::"));
}

}  // namespace
}  // namespace portal
