# Turns asciidoctor's roff into a page that `mandoc -Tlint` accepts without a
# word (style notes included), keeping what groff and mandoc render: drops the
# groff-only link styling (this manual has no links) and the paragraph breaks
# that directly follow a heading or open a table cell, where they do nothing,
# and breaks long lines.
# Usage: cmake -DIN=page.roff -DOUT=page.1 -P tidy-man.cmake
cmake_minimum_required(VERSION 3.22) # as the project: while() and if() read TRUE as true
file(READ "${IN}" text)
string(REPLACE ".  mso www.tmac\n" "" text "${text}")
string(REGEX REPLACE "\\.  LINKSTYLE [^\n]*\n" "" text "${text}")
string(REGEX REPLACE "(\n\\.S[HS] [^\n]*\n)\\.sp\n" "\\1" text "${text}")
string(REPLACE "T{\n.sp\n" "T{\n" text "${text}")
# A line break right before a paragraph break or a heading does nothing either.
string(REPLACE ".br\n.sp\n" ".sp\n" text "${text}")
string(REGEX REPLACE "\n\\.br\n(\\.S[HS] )" "\n\\1" text "${text}")

# Text lines longer than 80 bytes (mandoc -Tlint's style check) are broken at
# a space, which filled text renders the same; lines of no-fill blocks
# (listings) and request lines are left as they are. A break never leaves a
# line starting with . or ' (which roff would read as a request), nor ends one
# with a sentence's last word (roff would then put two spaces after it).
# mandoc counts a non-ASCII character as its \[uXXXX] escape: a line's width
# counts three more for each byte of such characters (exact for two-byte ones).
set(width 80)
set(out "")
set(nofill FALSE)
while(NOT text STREQUAL "")
  string(FIND "${text}" "\n" end)
  if(end EQUAL -1)
    set(line "${text}")
    set(text "")
    set(newline "")
  else()
    string(SUBSTRING "${text}" 0 ${end} line)
    math(EXPR rest "${end} + 1")
    string(SUBSTRING "${text}" ${rest} -1 text)
    set(newline "\n")
  endif()
  if(line MATCHES "^\\.(nf|EX)")
    set(nofill TRUE)
  elseif(line MATCHES "^\\.(fi|EE)")
    set(nofill FALSE)
  endif()
  while(NOT nofill AND NOT line MATCHES "^[.']")
    string(LENGTH "${line}" length)
    string(REGEX REPLACE "[ -~]" "" high "${line}")
    string(LENGTH "${high}" high_bytes)
    math(EXPR wide "${length} + 3 * ${high_bytes}")
    if(wide LESS_EQUAL width)
      break()
    endif()
    # The last space a break may follow within the width.
    string(SUBSTRING "${line}" 0 ${width} head)
    string(REGEX REPLACE "[ -~]" "" high "${head}")
    string(LENGTH "${high}" high_bytes)
    math(EXPR fits "${width} - 3 * ${high_bytes}")
    string(SUBSTRING "${head}" 0 ${fits} head)
    set(at -1)
    string(FIND "${head}" " " space REVERSE)
    while(space GREATER 0)
      math(EXPR next "${space} + 1")
      string(SUBSTRING "${line}" ${next} 1 after)
      string(SUBSTRING "${line}" 0 ${space} before)
      string(REGEX REPLACE "(\\\\f[BIPR]|[])\"'*])+$" "" before "${before}")
      if(NOT after MATCHES "^[.' ]" AND NOT before MATCHES "[.!?]$")
        set(at ${space})
        break()
      endif()
      string(SUBSTRING "${head}" 0 ${space} head)
      string(FIND "${head}" " " space REVERSE)
    endwhile()
    if(at EQUAL -1)
      break() # no place to break: the line stays long
    endif()
    string(SUBSTRING "${line}" 0 ${at} first)
    math(EXPR next "${at} + 1")
    string(SUBSTRING "${line}" ${next} -1 line)
    string(APPEND out "${first}\n")
  endwhile()
  string(APPEND out "${line}${newline}")
endwhile()
file(WRITE "${OUT}" "${out}")
