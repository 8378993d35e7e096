#include "output/publish.h"
#include "output/staging_tree.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <gtest/gtest.h>

namespace portal {
namespace {
namespace fs = std::filesystem;

class PublishTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "publish_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    dest_ = root_ / "public";
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static void Write(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }
  // Every entry below `dir`: files with their bytes, folders as "<dir>".
  static std::map<std::string, std::string> Tree(const fs::path& dir) {
    std::map<std::string, std::string> tree;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      std::string rel = fs::relative(entry.path(), dir).string();
      tree[rel] = entry.is_directory() ? "<dir>" : Read(entry.path());
    }
    return tree;
  }
  static std::vector<std::string> Names(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path root_;
  fs::path dest_;
};

TEST_F(PublishTest, WritesEveryFileAndCountsThem) {
  Write(root_ / "static/logo.png", "PNGDATA");
  OutputPlan plan;
  Diagnostics diags;
  ASSERT_TRUE(plan.AddFile("index.html", "<h1>首页</h1>", "home", &diags));
  ASSERT_TRUE(plan.AddFile("speeches/a/index.html", "A", "content/speeches/a.md", &diags));
  ASSERT_TRUE(plan.AddFile("speeches/b/index.html", "BB", "content/speeches/b.md", &diags));
  ASSERT_TRUE(plan.AddCopy("img/logo.png", root_ / "static/logo.png", "static/logo.png", &diags));
  PublishStats stats;
  ASSERT_TRUE(Publish(plan, dest_, &stats, &diags)) << diags.Format();
  EXPECT_EQ(diags.error_count(), 0);
  EXPECT_EQ(stats.files_written, 3);
  EXPECT_EQ(stats.files_copied, 1);
  EXPECT_EQ(stats.bytes, std::string("<h1>首页</h1>").size() + 1 + 2 + 7);
  std::map<std::string, std::string> want = {
      {"index.html", "<h1>首页</h1>"}, {"speeches", "<dir>"},   {"speeches/a", "<dir>"},
      {"speeches/a/index.html", "A"},  {"speeches/b", "<dir>"}, {"speeches/b/index.html", "BB"},
      {"img", "<dir>"},                {"img/logo.png", "PNGDATA"}};
  EXPECT_EQ(Tree(dest_), want);
  // Beside the destination only the manifests folder: the staging tree
  // itself became the destination.
  EXPECT_EQ(Names(root_), (std::vector<std::string>{".public.trees", "public", "static"}));
}

TEST_F(PublishTest, SecondPublishReplacesTheTreeExactly) {
  Diagnostics diags;
  OutputPlan first;
  ASSERT_TRUE(first.AddFile("index.html", "v1", "home", &diags));
  ASSERT_TRUE(first.AddFile("old/index.html", "gone soon", "content/old.md", &diags));
  ASSERT_TRUE(Publish(first, dest_, nullptr, &diags)) << diags.Format();
  // A file an editor dropped into public/ by hand goes too.
  Write(dest_ / "stray.txt", "stray");

  OutputPlan second;
  ASSERT_TRUE(second.AddFile("index.html", "v2", "home", &diags));
  ASSERT_TRUE(second.AddFile("new/index.html", "fresh", "content/new.md", &diags));
  ASSERT_TRUE(Publish(second, dest_, nullptr, &diags)) << diags.Format();
  std::map<std::string, std::string> want = {
      {"index.html", "v2"}, {"new", "<dir>"}, {"new/index.html", "fresh"}};
  EXPECT_EQ(Tree(dest_), want);
  // The first site is kept as the next build's staging tree.
  EXPECT_EQ(Names(root_), (std::vector<std::string>{".public.staging", ".public.trees", "public"}));
}

TEST_F(PublishTest, FailedPublishLeavesTheDestinationByteIdentical) {
  Diagnostics diags;
  OutputPlan first;
  ASSERT_TRUE(first.AddFile("index.html", "v1", "home", &diags));
  ASSERT_TRUE(first.AddFile("speeches/a/index.html", "A", "content/speeches/a.md", &diags));
  ASSERT_TRUE(Publish(first, dest_, nullptr, &diags));
  std::map<std::string, std::string> before = Tree(dest_);

  OutputPlan broken;
  ASSERT_TRUE(broken.AddFile("index.html", "v2", "home", &diags));
  ASSERT_TRUE(broken.AddCopy("img/missing.png", root_ / "static/missing.png", "static/missing.png", &diags));
  Diagnostics fail;
  EXPECT_FALSE(Publish(broken, dest_, nullptr, &fail));
  EXPECT_EQ(Tree(dest_), before);
  EXPECT_EQ(Names(root_), (std::vector<std::string>{".public.staging", ".public.trees", "public"}));
  ASSERT_EQ(fail.error_count(), 1);
  Diagnostic d = fail.Sorted()[0];
  EXPECT_NE(d.message.find("missing.png"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("No such file or directory"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("static/missing.png"), std::string::npos) << d.message;
  EXPECT_NE(d.hint.find("left as it was"), std::string::npos) << d.hint;
}

TEST_F(PublishTest, FirstPublishFailureCreatesNoDestination) {
  OutputPlan plan;
  Diagnostics diags;
  ASSERT_TRUE(plan.AddFile("index.html", "v1", "home", &diags));
  ASSERT_TRUE(plan.AddCopy("a.css", root_ / "nope.css", "static/a.css", &diags));
  EXPECT_FALSE(Publish(plan, dest_, nullptr, &diags));
  EXPECT_FALSE(fs::exists(dest_));
  // Only the hidden staging tree (kept for the next try) and its manifest.
  EXPECT_EQ(Names(root_), (std::vector<std::string>{".public.staging", ".public.trees"}));
}

// Publishes {path: bytes}, returns the stats.
PublishStats PublishFiles(const fs::path& dest, const std::map<std::string, std::string>& files) {
  OutputPlan plan;
  Diagnostics diags;
  for (const auto& [path, bytes] : files) EXPECT_TRUE(plan.AddFile(path, bytes, "test", &diags));
  PublishStats stats;
  EXPECT_TRUE(Publish(plan, dest, &stats, &diags)) << diags.Format();
  return stats;
}

ino_t InodeOf(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 ? st.st_ino : 0;
}

TEST_F(PublishTest, RebuildWritesOnlyTheFilesThatChanged) {
  std::map<std::string, std::string> site = {{"index.html", "home"}, {"a/index.html", "A"}, {"b/index.html", "B"}};
  PublishFiles(dest_, site);  // into a new staging folder, renamed into place
  PublishFiles(dest_, site);  // a second new tree; the first becomes the staging tree
  ino_t a_before = InodeOf(dest_ / "a/index.html");
  site["b/index.html"] = "B2";
  PublishStats third = PublishFiles(dest_, site);  // reuses the tree of the first build
  EXPECT_EQ(third.files_written, 1);
  EXPECT_EQ(third.files_unchanged, 2);
  EXPECT_EQ(Tree(dest_), (std::map<std::string, std::string>{{"index.html", "home"}, {"a", "<dir>"},
                                                              {"a/index.html", "A"}, {"b", "<dir>"},
                                                              {"b/index.html", "B2"}}));
  PublishStats fourth = PublishFiles(dest_, site);
  EXPECT_EQ(fourth.files_written, 1);  // b changed since that tree was written
  EXPECT_EQ(fourth.files_unchanged, 2);
  EXPECT_EQ(InodeOf(dest_ / "a/index.html"), a_before);  // the very file of the second build
}

// OutputPlan::Keep (portal build's render memo): a file is taken from the
// staging tree when it still holds the bytes, else from the published site,
// and refused when neither holds them as recorded.
TEST_F(PublishTest, KeepTakesBytesFromTheTreesEarlierBuildsWrote) {
  std::map<std::string, std::string> site = {{"a/index.html", "A1"}, {"b/index.html", "B1"}, {"c/index.html", "C1"}};
  PublishFiles(dest_, site);
  site["b/index.html"] = "B2";
  PublishFiles(dest_, site);  // the first tree, with B1, is now the staging tree
  for (const fs::path& tree : {dest_, root_ / ".public.staging"}) {  // c edited by hand in both
    fs::remove(tree / "c/index.html");
    Write(tree / "c/index.html", "CX");
  }
  StagingTree staging;
  Diagnostics diags;
  ASSERT_TRUE(staging.Open(dest_, &diags)) << diags.Format();
  OutputPlan plan(&staging);
  for (const auto& [path, bytes] : site) ASSERT_TRUE(plan.Claim(path, "test", &diags));
  EXPECT_FALSE(plan.Keep("a/index.html", ContentHash("other bytes")));
  EXPECT_TRUE(plan.Keep("a/index.html", ContentHash("A1")));  // the staging tree has it
  EXPECT_TRUE(plan.Keep("b/index.html", ContentHash("B2")));  // only the site has it
  EXPECT_FALSE(plan.Keep("c/index.html", ContentHash("C1")));
  EXPECT_TRUE(plan.Put("c/index.html", std::string("C1"), &diags));
  ASSERT_TRUE(staging.Publish(plan, &diags)) << diags.Format();
  EXPECT_EQ(staging.stats().files_unchanged, 1);
  EXPECT_EQ(staging.stats().files_written, 2);
  EXPECT_EQ(Tree(dest_), (std::map<std::string, std::string>{{"a", "<dir>"}, {"a/index.html", "A1"},
                                                              {"b", "<dir>"}, {"b/index.html", "B2"},
                                                              {"c", "<dir>"}, {"c/index.html", "C1"}}));
  OutputPlan kept_bytes;  // a plan that keeps bytes has nowhere to keep from
  ASSERT_TRUE(kept_bytes.Claim("a/index.html", "test", &diags));
  EXPECT_FALSE(kept_bytes.Keep("a/index.html", ContentHash("A1")));
}

TEST_F(PublishTest, HandEditsAndStraysInTheReusedTreeAreUndone) {
  std::map<std::string, std::string> site = {{"index.html", "home"}, {"a/index.html", "AAAA"}};
  PublishFiles(dest_, site);
  PublishFiles(dest_, site);
  fs::path staging = root_ / ".public.staging";
  // Same size, other bytes: caught by the changed mtime and inode.
  fs::remove(staging / "a/index.html");
  Write(staging / "a/index.html", "XXXX");
  Write(staging / "stray/deep/file.txt", "stray");
  Write(staging / "extra.txt", "extra");
  PublishStats stats = PublishFiles(dest_, site);
  EXPECT_EQ(stats.files_written, 1);
  EXPECT_EQ(stats.files_removed, 2);
  EXPECT_EQ(Tree(dest_), (std::map<std::string, std::string>{{"index.html", "home"}, {"a", "<dir>"},
                                                              {"a/index.html", "AAAA"}}));
}

TEST_F(PublishTest, TreeWithoutManifestIsComparedByteByByte) {
  std::map<std::string, std::string> site = {{"index.html", "home"}, {"a/index.html", "A"}, {"b", "file"}};
  PublishFiles(dest_, site);
  PublishFiles(dest_, site);
  fs::remove_all(root_ / ".public.trees");  // as after a build killed before it could record one
  site["a/index.html"] = "A2";
  site.erase("b");
  site["b/index.html"] = "now a folder";
  PublishStats stats = PublishFiles(dest_, site);
  EXPECT_EQ(stats.files_unchanged, 1);
  EXPECT_EQ(stats.files_written, 2);
  EXPECT_EQ(Tree(dest_), (std::map<std::string, std::string>{{"index.html", "home"}, {"a", "<dir>"},
                                                              {"a/index.html", "A2"}, {"b", "<dir>"},
                                                              {"b/index.html", "now a folder"}}));
}

TEST_F(PublishTest, FailedBuildRecordsWhatItWroteForTheNext) {
  std::map<std::string, std::string> site = {{"index.html", "home"}, {"a/index.html", "A"}};
  PublishFiles(dest_, site);
  PublishFiles(dest_, site);
  {
    OutputPlan broken;
    Diagnostics diags;
    ASSERT_TRUE(broken.AddFile("index.html", "home v2", "home", &diags));
    ASSERT_TRUE(broken.AddCopy("x.css", root_ / "nope.css", "static/x.css", &diags));
    EXPECT_FALSE(Publish(broken, dest_, nullptr, &diags));
  }
  site["index.html"] = "home v2";
  PublishStats stats = PublishFiles(dest_, site);
  EXPECT_EQ(stats.files_written, 0);  // index.html was written by the failed build, and known
  EXPECT_EQ(stats.files_unchanged, 2);
  EXPECT_EQ(Read(dest_ / "index.html"), "home v2");
}

TEST_F(PublishTest, DestinationThatIsAFileIsAnError) {
  Write(dest_, "not a folder");
  OutputPlan plan;
  Diagnostics diags;
  ASSERT_TRUE(plan.AddFile("index.html", "x", "home", &diags));
  EXPECT_FALSE(Publish(plan, dest_, nullptr, &diags));
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_NE(diags.Sorted()[0].message.find("is not a folder"), std::string::npos);
  EXPECT_EQ(Read(dest_), "not a folder");
  EXPECT_EQ(Names(root_), (std::vector<std::string>{"public"}));
}

TEST_F(PublishTest, CreatesMissingParentFolders) {
  fs::path nested = root_ / "out" / "site" / "public";
  OutputPlan plan;
  Diagnostics diags;
  ASSERT_TRUE(plan.AddFile("index.html", "x", "home", &diags));
  ASSERT_TRUE(Publish(plan, nested.string() + "/", nullptr, &diags)) << diags.Format();
  EXPECT_EQ(Read(nested / "index.html"), "x");
}

TEST_F(PublishTest, SymlinkedDestinationIsFollowedAndKept) {
  fs::path real = root_ / "real-public";
  fs::create_directories(real);
  Write(real / "old.html", "old");
  fs::create_directory_symlink(real, dest_);
  OutputPlan plan;
  Diagnostics diags;
  ASSERT_TRUE(plan.AddFile("index.html", "new", "home", &diags));
  ASSERT_TRUE(Publish(plan, dest_, nullptr, &diags)) << diags.Format();
  EXPECT_TRUE(fs::is_symlink(dest_));
  EXPECT_EQ(Tree(real), (std::map<std::string, std::string>{{"index.html", "new"}}));
}

TEST_F(PublishTest, RemovesStaleStagingOfDeadBuildsOnly) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);  // now a dead pid
  fs::path stale = root_ / (".public.staging-" + std::to_string(child));
  fs::path live = root_ / (".public.staging-" + std::to_string(::getppid()));
  fs::path unrelated = root_ / ".other.staging-1";
  Write(stale / "speeches/x/index.html", "half written");
  Write(live / "index.html", "another build");
  Write(unrelated / "index.html", "not ours");

  OutputPlan plan;
  Diagnostics diags;
  ASSERT_TRUE(plan.AddFile("index.html", "x", "home", &diags));
  ASSERT_TRUE(Publish(plan, dest_, nullptr, &diags)) << diags.Format();
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(unrelated));
}

TEST_F(PublishTest, LockBlocksASecondHolderUntilReleased) {
  std::string error;
  auto first = std::make_unique<DestinationLock>();
  ASSERT_TRUE(first->Acquire(dest_, &error)) << error;
  EXPECT_TRUE(fs::exists(root_ / ".public.lock"));
  // flock belongs to the open file description, so a second open in the
  // same process conflicts just as another process would.
  DestinationLock second;
  EXPECT_FALSE(second.Acquire(dest_, &error));
  EXPECT_EQ(error, "another portal build is writing " + dest_.string() +
                       "/ (lock .public.lock); wait for it to finish");
  first.reset();
  error.clear();
  EXPECT_TRUE(second.Acquire(dest_, &error)) << error;
}

TEST_F(PublishTest, LockMessageNamesTheFolderAsWritten) {
  fs::path cwd = fs::current_path();
  fs::current_path(root_);
  std::string error;
  DestinationLock first, second;
  ASSERT_TRUE(first.Acquire("public", &error)) << error;
  EXPECT_FALSE(second.Acquire("public/", &error));
  fs::current_path(cwd);
  EXPECT_EQ(error, "another portal build is writing public/ (lock .public.lock); wait for it to finish");
}

TEST_F(PublishTest, LockIsHeldAgainstAnotherProcess) {
  std::string error;
  DestinationLock lock;
  ASSERT_TRUE(lock.Acquire(dest_, &error)) << error;
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    DestinationLock other;
    std::string child_error;
    ::_exit(other.Acquire(dest_, &child_error) ? 0 : 3);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
}

}  // namespace
}  // namespace portal
