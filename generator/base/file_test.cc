#include "base/file.h"

#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <unistd.h>

#include "base/mapped_file.h"

namespace portal {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const char* name) {
  fs::path dir = fs::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::set<std::string> Names(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// The generations of a cache file but the one in use go; other files stay.
TEST(RemoveFilesNamed, RemovesOtherGenerationsOnly) {
  fs::path dir = TempDir("remove-files-named");
  for (const char* name : {"pages.1.texts", "pages.2.texts", "pages.cache", "search.1.blocks", "pages.texts"}) {
    std::ofstream(dir / name) << "x";
  }
  RemoveFilesNamed(dir, "pages.", ".texts", dir / "pages.2.texts");
  EXPECT_EQ(Names(dir), (std::set<std::string>{"pages.2.texts", "pages.cache", "search.1.blocks", "pages.texts"}));
  RemoveFilesNamed(dir, "search.", ".blocks");
  EXPECT_EQ(Names(dir), (std::set<std::string>{"pages.2.texts", "pages.cache", "pages.texts"}));
  RemoveFilesNamed(dir / "missing", "pages.", ".texts");  // no folder: nothing to do, no throw
  fs::remove_all(dir);
}

TEST(MappedFile, MapsTheFirstBytesAndRefusesAShorterFile) {
  fs::path dir = TempDir("mapped-file");
  std::ofstream(dir / "f", std::ios::binary) << "hello, mapped world";
  MappedFile all;
  std::string error;
  ASSERT_TRUE(all.Open(dir / "f", 19, &error)) << error;
  EXPECT_EQ(all.bytes(), "hello, mapped world");
  all.Release(0, 19);  // less than a page: nothing to release, bytes still there
  EXPECT_EQ(all.bytes().substr(0, 5), "hello");
  MappedFile head;
  ASSERT_TRUE(head.Open(dir / "f", 5, &error));
  EXPECT_EQ(head.bytes(), "hello");
  MappedFile none;
  EXPECT_TRUE(none.Open(dir / "f", 0, &error));
  EXPECT_TRUE(none.bytes().empty());
  MappedFile longer;
  EXPECT_FALSE(longer.Open(dir / "f", 20, &error));
  EXPECT_NE(error.find("shorter"), std::string::npos) << error;
  MappedFile missing;
  EXPECT_FALSE(missing.Open(dir / "nope", 1, &error));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace portal
