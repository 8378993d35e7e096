#include "serve/static_server.h"

#include <gtest/gtest.h>

#include "serve/content_type.h"
#include "serve/reload_script.h"

namespace portal {
namespace {

ServedSite Site() {
  ServedSite s;
  for (const char* p : {"index.html", "speeches/index.html", "speeches/a/index.html", "css/style.css", "404.html",
                        "speeches/讲话/index.html"}) {
    s.files[p] = std::make_shared<const std::string>(p);
  }
  s.copies["files/a.pdf"] = "/tmp/a.pdf";
  return s;
}

TEST(ResolveRequest, MapsFoldersToIndexHtml) {
  ServedSite site = Site();
  EXPECT_EQ(ResolveRequest("/", site).path, "index.html");
  EXPECT_EQ(ResolveRequest("/speeches/", site).path, "speeches/index.html");
  EXPECT_EQ(ResolveRequest("/speeches/a/?utm=x#top", site).path, "speeches/a/index.html");
  EXPECT_EQ(ResolveRequest("/css/style.css", site).kind, ResolvedRequest::kFile);
  EXPECT_EQ(ResolveRequest("/files/a.pdf", site).path, "files/a.pdf");
  EXPECT_EQ(ResolveRequest("/speeches/%E8%AE%B2%E8%AF%9D/", site).path, "speeches/讲话/index.html");
}

TEST(ResolveRequest, RedirectsAFolderWithoutItsSlash) {
  ResolvedRequest r = ResolveRequest("/speeches", Site());
  EXPECT_EQ(r.kind, ResolvedRequest::kRedirect);
  EXPECT_EQ(r.location, "/speeches/");
  EXPECT_EQ(ResolveRequest("/speeches/讲话", Site()).location, "/speeches/%E8%AE%B2%E8%AF%9D/");
}

TEST(ResolveRequest, RefusesEveryTraversalSpelling) {
  ServedSite site = Site();
  for (const char* target : {"/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/etc/passwd",
                             "/..%2fsite-config/site.yaml", "/speeches/../../x", "/..\\..\\etc\\passwd",
                             "/%5c..%5cetc%5cpasswd", "/speeches/%00", "/./index.html", "/a%zz", "relative"}) {
    EXPECT_EQ(ResolveRequest(target, site).kind, ResolvedRequest::kBadRequest) << target;
  }
  EXPECT_EQ(ResolveRequest("//etc/passwd", site).kind, ResolvedRequest::kNotFound);
  EXPECT_EQ(ResolveRequest("/nope", site).kind, ResolvedRequest::kNotFound);
}

TEST(ServedSiteOf, SharesThePlansBytes) {
  Diagnostics diags;
  OutputPlan plan;
  plan.AddFile("a.html", "A1", "t", &diags);
  plan.AddFile("b.html", "B1", "t", &diags);
  auto served = ServedSiteOf(plan);
  ASSERT_EQ(served->files.size(), 2u);
  EXPECT_EQ(*served->files.at("a.html"), "A1");
  EXPECT_EQ(served->files.at("b.html"), plan.files().at("b.html"));  // the same bytes, not a copy
}

TEST(ContentTypeFor, GivesTextTypesACharset) {
  EXPECT_EQ(ContentTypeFor("a/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("css/style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("js/search.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("index.xml"), "application/xml; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("search/index.json"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("logo.SVG"), "image/svg+xml; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("photo.JPG"), "image/jpeg");
  EXPECT_EQ(ContentTypeFor("v1.0/LICENSE"), "application/octet-stream");
}

TEST(InjectReloadScript, GoesBeforeTheLastBodyClose) {
  std::string html = InjectReloadScript("<html><body><p>x</p></BODY></html>");
  size_t script = html.find("<script data-portal-live-reload>");
  ASSERT_NE(script, std::string::npos);
  EXPECT_LT(script, html.find("</BODY>"));
  EXPECT_GT(script, html.find("<p>x</p>"));
  EXPECT_NE(html.find("/__portal/events"), std::string::npos);
  EXPECT_NE(InjectReloadScript("no body").find("data-portal-live-reload"), std::string::npos);
}

TEST(BuildErrorPage, EscapesTheDiagnostics) {
  std::string page = BuildErrorPage("a.md:1: error: <script>alert(1)</script>");
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)"), std::string::npos);
}

}  // namespace
}  // namespace portal
