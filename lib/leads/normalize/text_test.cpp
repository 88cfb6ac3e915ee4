#include <leads/normalize/text.hpp>

#include <doctest/doctest.h>

#include <string>
#include <utility>

using namespace leads::normalize;

TEST_CASE("normalize::lower") {
  CHECK(lower("Ann@Example.COM") == "ann@example.com");
  CHECK(lower("\xC3\x89TAT") == "\xC3\xA9tat");  // ÉTAT -> état
  CHECK(lower("E\xCC\x81TAT") == "\xC3\xA9tat"); // decomposed É -> composed é
  CHECK(lower("\xD0\x98\xD0\x92\xD0\x90\xD0\x9D") == "\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD"); // ИВАН
  CHECK(lower("AB\xFF"
              "C") == "ab\xFF"
                      "c"); // invalid UTF-8: ASCII only
  CHECK(lower("") == "");
  CHECK(lower("REN\xC3\x89 \xC5\x81UKASZ") == "ren\xC3\xA9 \xC5\x82ukasz");
}

TEST_CASE("normalize::nfc") {
  CHECK(nfc("plain ascii") == "plain ascii");
  CHECK(nfc("Jose\xCC\x81") == "Jos\xC3\xA9"); // e + combining acute -> é
  CHECK(nfc("Jos\xC3\xA9") == "Jos\xC3\xA9");  // already NFC
  CHECK(nfc("A\xCC\x8A"
            "ngstr\xC3\xB6m") == "\xC3\x85ngstr\xC3\xB6m");
  CHECK(nfc("bad \xC3\x28 byte") == "bad \xC3\x28 byte"); // invalid: unchanged
  CHECK(nfc("") == "");
  CHECK(nfc("Ren\xC3\xA9 \xC5\x81ukasz") == "Ren\xC3\xA9 \xC5\x81ukasz"); // below U+0300: as is
  CHECK(nfc("Nguy\xE1\xBB\x85n") == "Nguy\xE1\xBB\x85n");                 // precomposed, above U+0300
  CHECK(nfc("\xC3\xA9"
            "e\xCC\x81") == "\xC3\xA9\xC3\xA9"); // mixed: composed
  CHECK(nfc("\xEF\xAC\x81") == "\xEF\xAC\x81");  // ligature fi: NFC keeps it
}

TEST_CASE("normalize::name") {
  CHECK(name("  Ann   Lee ") == "Ann Lee");
  CHECK(name("Ann\t\n Lee") == "Ann Lee");
  CHECK(name("Ann\xC2\xA0\xC2\xA0Lee") == "Ann Lee");
  CHECK(name("\xEF\xBB\xBF"
             "Zo\xC3\xAB") == "Zo\xC3\xAB");
  CHECK(name(" Rene\xCC\x81  Dupont ") == "Ren\xC3\xA9 Dupont");
  CHECK(name("O'Brien-Smith") == "O'Brien-Smith");
  CHECK(name(std::string_view("Ann\0Lee", 7)) == "Ann Lee");
  CHECK(name("\x01"
             "Ann\x7F\x1A Lee\x1A") == "Ann Lee");
  CHECK(name("\x1A") == "");
  CHECK(name("   ") == "");
  CHECK(name("") == "");
}

TEST_CASE("normalize::split_full_name") {
  auto split = [](std::string_view full) {
    std::string first = "old first";
    std::string last = "old last";
    split_full_name(full, first, last);
    return std::pair<std::string, std::string>(first, last);
  };
  using Names = std::pair<std::string, std::string>;
  SUBCASE("at the last space; one word is a first name") {
    CHECK(split("Ana Beatriz Souza") == Names{"Ana Beatriz", "Souza"});
    CHECK(split("Cher") == Names{"Cher", ""});
    CHECK(split("") == Names{"", ""});
  }
  SUBCASE("last name first, at the one comma") {
    CHECK(split("Lee, Ann") == Names{"Ann", "Lee"});
    CHECK(split("Lee,Ann") == Names{"Ann", "Lee"});
    CHECK(split("Souza, Ana Beatriz") == Names{"Ana Beatriz", "Souza"});
    CHECK(split("van der Berg, Anna") == Names{"Anna", "van der Berg"});
    CHECK(split("Lee ,Ann") == Names{"Ann", "Lee"});
    CHECK(split("Lee,") == Names{"", "Lee"});
    CHECK(split("Núñez, José") == Names{"José", "Núñez"});
  }
  SUBCASE("suffixes after a comma stay with the last name, as written") {
    CHECK(split("Ann Lee, Jr.") == Names{"Ann", "Lee, Jr."});
    CHECK(split("Ann Lee, jr") == Names{"Ann", "Lee, jr"});
    CHECK(split("Ann Lee, III") == Names{"Ann", "Lee, III"});
    CHECK(split("Ann Lee, Ph.D.") == Names{"Ann", "Lee, Ph.D."});
    CHECK(split("Ann Lee, Jr., MD") == Names{"Ann", "Lee, Jr., MD"});
    CHECK(split("Lee, Ann, PhD") == Names{"Ann", "Lee, PhD"});
    CHECK(split("Lee, Ann Mary, Esq.") == Names{"Ann Mary", "Lee, Esq."});
    CHECK(split("Cher, Jr.") == Names{"Cher, Jr.", ""});
  }
  SUBCASE("and without a comma, when a first and a last name are left") {
    CHECK(split("Ann Lee Jr.") == Names{"Ann", "Lee Jr."});
    CHECK(split("Mary Ann Lee III") == Names{"Mary Ann", "Lee III"});
    CHECK(split("Ann Lee Jr. MD") == Names{"Ann", "Lee Jr. MD"});
    CHECK(split("Lee, Ann Jr.") == Names{"Ann Jr.", "Lee"}); // last name first: as before
    CHECK(split("Lee Jr.") == Names{"Lee", "Jr."});          // no first name left: a plain split
  }
  SUBCASE("more commas than a last name and suffixes: at the last space") {
    CHECK(split("Lee, Ann, Sales") == Names{"Lee, Ann,", "Sales"});
  }
}

TEST_CASE("normalize::header_key") {
  CHECK(header_key("E-mail Address") == "emailaddress");
  CHECK(header_key("First_Name") == "firstname");
  CHECK(header_key("  Phone #2 ") == "phone2");
  CHECK(header_key("\xC3\x89tat Civil") == "\xC3\xA9tatcivil");                // accents kept, lower-cased
  CHECK(header_key("E\xCC\x81tat") == "\xC3\xA9tat");                          // NFC first
  CHECK(header_key("\xD0\x98\xD0\xBC\xD1\x8F") == "\xD0\xB8\xD0\xBC\xD1\x8F"); // Имя -> имя
  CHECK(header_key("\xE2\x80\x94 / \xE2\x80\x94") == "");                      // dashes only
  CHECK(header_key("") == "");
}

TEST_CASE("normalize::fold_key") {
  CHECK(fold_key("Espa\xC3\xB1"
                 "a") == "espana");
  CHECK(fold_key("C\xC3\xB4te d\xE2\x80\x99Ivoire") == "cotedivoire");
  CHECK(fold_key("\xC3\x96sterreich") == "osterreich");
  CHECK(fold_key("U.S.A.") == "usa");
  CHECK(fold_key("Stra\xC3\x9F"
                 "e") == "strasse");
  CHECK(fold_key("\xC3\x85land Islands") == "alandislands");
}

TEST_CASE("normalize::snake_case") {
  SUBCASE("words and spaces") {
    CHECK(snake_case("Lead Source") == "lead_source");
    CHECK(snake_case("Page Views Per Visit") == "page_views_per_visit");
    CHECK(snake_case("How did you hear about X Education") == "how_did_you_hear_about_x_education");
    CHECK(snake_case("Asymmetrique Activity Index") == "asymmetrique_activity_index");
    CHECK(snake_case("A free copy of Mastering The Interview") == "a_free_copy_of_mastering_the_interview");
    CHECK(snake_case("Record ID") == "record_id");
    CHECK(snake_case("How did you hear?") == "how_did_you_hear");
  }
  SUBCASE("camelCase and acronyms") {
    CHECK(snake_case("TotalVisits") == "total_visits");
    CHECK(snake_case("totalVisits") == "total_visits");
    CHECK(snake_case("HTTPServer") == "http_server");
    CHECK(snake_case("IDNumber") == "id_number");
    CHECK(snake_case("Address2Line") == "address2_line");
    CHECK(snake_case("Address 2") == "address_2");
    CHECK(snake_case("Phone2") == "phone2");
    CHECK(snake_case("3D Model") == "3d_model");
    // Names that are one word with a capital inside stay one word.
    CHECK(snake_case("LinkedIn") == "linkedin");
    CHECK(snake_case("linkedIn Profile") == "linkedin_profile");
    CHECK(snake_case("Person - LinkedIn URL") == "person_linkedin_url");
    CHECK(snake_case("YouTubeChannel") == "youtube_channel");
    CHECK(snake_case("myLinkedIn") == "my_linkedin");
    CHECK(snake_case("LinkedInvitations") == "linked_invitations");
  }
  SUBCASE("already snake, separators and punctuation") {
    CHECK(snake_case("hs_object_id") == "hs_object_id");
    CHECK(snake_case("__Lead -- Source__") == "lead_source");
    CHECK(snake_case("Total Time Spent on Website (min)") == "total_time_spent_on_website_min");
    CHECK(snake_case("a.b/c") == "a_b_c");
  }
  SUBCASE("accents fold to ASCII") {
    CHECK(snake_case("\xC3\x89tatCivil") == "etat_civil");
    CHECK(snake_case("Stra\xC3\x9F"
                     "e") == "strasse");
    CHECK(snake_case("Pa\xC3\xADs de residencia") == "pais_de_residencia");
  }
  SUBCASE("never empty") {
    CHECK(snake_case("") == "column");
    CHECK(snake_case("???") == "column");
    CHECK(snake_case("\xD0\x98\xD0\xBC\xD1\x8F") == "column");
    CHECK(snake_case("\xFF\xFE") == "column");
  }
}

TEST_CASE("normalize::boolean") {
  SUBCASE("true") {
    for (const char* s : {"true", "TRUE", "Yes", "y", "1", "x", "X", "t", "On", " yes ", "Opted Out"}) {
      CAPTURE(s);
      CHECK(boolean(s) == "true");
    }
  }
  SUBCASE("false") {
    for (const char* s : {"false", "False", "NO", "n", "0", "f", "off", "\xC2\xA0no"}) {
      CAPTURE(s);
      CHECK(boolean(s) == "false");
    }
  }
  SUBCASE("empty and unknown") {
    CHECK(boolean("") == "");
    CHECK(boolean("   ") == "");
    CHECK(boolean(" maybe ") == "maybe");
    CHECK(boolean("2") == "2");
    CHECK(boolean("yes please, thanks") == "yes please, thanks");
  }
}
