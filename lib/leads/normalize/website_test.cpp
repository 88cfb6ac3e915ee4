#include <leads/normalize/website.hpp>

#include <doctest/doctest.h>

using leads::normalize::website_domain;

TEST_CASE("normalize::website_domain") {
  SUBCASE("hosts and URLs") {
    CHECK(website_domain("https://www.Example.com/about?x=1") == "example.com");
    CHECK(website_domain("Example.COM") == "example.com");
    CHECK(website_domain("www.example.com") == "example.com");
    CHECK(website_domain("WWW.Example.com") == "example.com");
    CHECK(website_domain("http://example.com") == "example.com");
    CHECK(website_domain("example.com/") == "example.com");
    CHECK(website_domain("  example.co.uk/path/page.html  ") == "example.co.uk");
    CHECK(website_domain("https://shop.example.com#top") == "shop.example.com");
    CHECK(website_domain("example.com?ref=ads") == "example.com");
    CHECK(website_domain("//cdn.example.com/x.js") == "cdn.example.com");
    CHECK(website_domain("ftp://files.example.org") == "files.example.org");
    CHECK(website_domain("git+ssh://git.example.org/repo") == "git.example.org");
  }
  SUBCASE("userinfo, port and trailing dot") {
    CHECK(website_domain("https://user:pass@www.example.com:8443/x") == "example.com");
    CHECK(website_domain("example.com:8080") == "example.com");
    CHECK(website_domain("www.example.com.") == "example.com");
    CHECK(website_domain("http://[2001:db8::1]:8080/") == "[2001:db8::1]");
    CHECK(website_domain("http://192.168.0.1/admin") == "192.168.0.1");
  }
  SUBCASE("only the www label goes") {
    CHECK(website_domain("www2.example.com") == "www2.example.com");
    CHECK(website_domain("wwwexample.com") == "wwwexample.com");
    CHECK(website_domain("http://www.www.example.com") == "www.example.com");
    CHECK(website_domain("www.com") == "www.com");
    CHECK(website_domain("mywww.example.com") == "mywww.example.com");
  }
  SUBCASE("IDN hosts are lower-cased too") {
    CHECK(website_domain("https://B\xC3\x9C"
                         "CHER.de/") == "b\xC3\xBC"
                                        "cher.de");
  }
  SUBCASE("nothing to keep") {
    CHECK(website_domain("") == "");
    CHECK(website_domain(" \t\xC2\xA0") == "");
    CHECK(website_domain("mailto:ann@example.com") == "");
    CHECK(website_domain("MAILTO:ann@example.com") == "");
    CHECK(website_domain("N/A") == "");
    CHECK(website_domain("none") == "");
    CHECK(website_domain("http://") == "");
    CHECK(website_domain("https://localhost:3000") == "");
    CHECK(website_domain("example .com") == "");
    CHECK(website_domain("example..com") == "");
    CHECK(website_domain(".example.com") == "");
    CHECK(website_domain("http://[::1") == "");
  }
  SUBCASE("an address in the website field keeps its domain") {
    CHECK(website_domain("ann@example.com") == "example.com");
  }
}
