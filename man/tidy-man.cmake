# Turns asciidoctor's roff into a page that `mandoc -Tlint` accepts without a
# word, keeping what groff renders: drops the groff-only link styling (this
# manual has no links) and the paragraph breaks that directly follow a heading
# or open a table cell, where they do nothing.
# Usage: cmake -DIN=page.roff -DOUT=page.1 -P tidy-man.cmake
file(READ "${IN}" text)
string(REPLACE ".  mso www.tmac\n" "" text "${text}")
string(REGEX REPLACE "\\.  LINKSTYLE [^\n]*\n" "" text "${text}")
string(REGEX REPLACE "(\n\\.S[HS] [^\n]*\n)\\.sp\n" "\\1" text "${text}")
string(REPLACE "T{\n.sp\n" "T{\n" text "${text}")
# A line break right before a paragraph break or a heading does nothing either.
string(REPLACE ".br\n.sp\n" ".sp\n" text "${text}")
string(REGEX REPLACE "\n\\.br\n(\\.S[HS] )" "\n\\1" text "${text}")
file(WRITE "${OUT}" "${text}")
