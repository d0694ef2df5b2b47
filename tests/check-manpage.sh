#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-manpage.sh: the manual and the bash completion follow --help.
#
#   PRECIS_BIN=build/cli/precis tests/check-manpage.sh cli/precis.1 cli/precis.bash
#
# For every command listed by "precis --help" and every option (short and
# long form) printed by "precis <command> --help":
#   - the option appears in the man page section ".SS "precis <command>""
#     (or, for -h/--help, in OPTIONS), so adding an option without
#     documenting it fails;
#   - the bash completion offers it after "precis <command> -";
#   - and neither lists an option that --help does not have;
#   - the completion offers every command after "precis ";
#   - EXIT STATUS lists exactly the statuses of "precis --help".
# Then groff and man(1) must render precis.1 without a warning.
# Exit status: 0 when all holds, 1 with one line per problem otherwise.
set -u

manpage=${1:?usage: check-manpage.sh PRECIS.1 COMPLETION}
completion=${2:?usage: check-manpage.sh PRECIS.1 COMPLETION}
bin=${PRECIS_BIN:?PRECIS_BIN must name the precis program}
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# The options in a --help text: the leading "-x, --long" of the indented
# lines in its "...Options:" paragraphs.
help_options() {
  awk '/Options:$/ { on = 1; next } /^$/ { on = 0 } on' |
    sed -n -E 's/^ +(-[A-Za-z0-9?](, )?)?(--[A-Za-z0-9][-A-Za-z0-9]*)?.*/\1 \3/p' |
    tr ', ' '\n\n' | grep -E '^-' | sort -u
}

# The man page as plain words: roff dashes unescaped, font escapes dropped.
man_text() {
  sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\f\[[A-Z]*\]//g'
}

# The lines of the man page section for one command.
man_section() {
  man_text <"$manpage" | awk -v cmd="$1" '
    /^\.S[HS] / { on = ($0 ~ "^\\.SS \"?precis " cmd "\"?$") ; next }
    on { print }'
}

man_options_section() {
  man_text <"$manpage" | awk '
    /^\.S[HS] / { on = ($0 ~ /^\.SH "?OPTIONS"?$/); next }
    on { print }'
}

has_word() { # has_word WORD < text
  grep -q -E -- "(^|[^-A-Za-z0-9])$(printf '%s' "$1" | sed 's/[?]/\\?/g')([^-A-Za-z0-9]|$)"
}

# What the completion offers for the words given (the last one is completed).
complete_words() {
  bash --norc --noprofile -c '
    source "$1" || exit 1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    _precis precis "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}"' check "$completion" "$@"
}

top_help=$("$bin" --help) || fail "precis --help exited with $?"
commands=$(printf '%s\n' "$top_help" |
  sed -n '/^Commands:/,/^$/ s/^  \([a-z][-a-z]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands found in precis --help"

offered=$(complete_words precis "")
for cmd in $commands; do
  printf '%s\n' "$offered" | grep -qx -- "$cmd" ||
    fail "completion: command '$cmd' not offered after 'precis '"
  [ -n "$(man_section "$cmd")" ] ||
    fail "$manpage: no section .SS \"precis $cmd\""
done

# precis's own options: in OPTIONS and in the completion.
offered=$(complete_words precis -)
for opt in $(printf '%s\n' "$top_help" | help_options); do
  man_options_section | has_word "$opt" ||
    fail "$manpage: option '$opt' of precis not in OPTIONS"
  printf '%s\n' "$offered" | grep -qx -- "$opt" ||
    fail "completion: '$opt' not offered after 'precis -'"
done

checked=0
for cmd in $commands; do
  if ! help=$("$bin" "$cmd" --help); then
    fail "precis $cmd --help exited with non-zero status"
    continue
  fi
  options=$(printf '%s\n' "$help" | help_options)
  [ -n "$options" ] || fail "precis $cmd --help lists no option"
  section=$(man_section "$cmd")
  general=$(man_options_section)
  offered=$(complete_words precis "$cmd" -)
  for opt in $options; do
    checked=$((checked + 1))
    if ! printf '%s\n' "$section" | has_word "$opt"; then
      case $opt in
      -h | --help | --help-all)
        printf '%s\n' "$general" | has_word "$opt" ||
          fail "$manpage: '$opt' of precis $cmd documented nowhere"
        ;;
      *) fail "$manpage: option '$opt' of precis $cmd not in its section" ;;
      esac
    fi
    printf '%s\n' "$offered" | grep -qx -- "$opt" ||
      fail "completion: '$opt' not offered after 'precis $cmd -'"
  done
done
echo "checked $checked options of $(echo $commands | wc -w) commands"

# And the other way: nothing documented or completed that --help lacks (an
# option removed or renamed).  Options in the man page are the first words
# after .TP, as this page writes them.
for cmd in $commands; do
  help=$("$bin" "$cmd" --help 2>/dev/null) || continue
  options=$(printf '%s\n' "$help" | help_options)
  listed=$(man_section "$cmd" | awk 'prev == ".TP" { print } { prev = $0 }' |
    grep -o -E '(^|[^-A-Za-z0-9])--?[A-Za-z0-9][-A-Za-z0-9]*' |
    sed 's/^[^-]*//' | sort -u)
  for opt in $listed; do
    printf '%s\n' "$options" | grep -qx -- "$opt" ||
      fail "$manpage: '$opt' in the section of precis $cmd but not in its --help"
  done
  for opt in $(complete_words precis "$cmd" -); do
    printf '%s\n' "$options" | grep -qx -- "$opt" ||
      fail "completion: '$opt' offered after 'precis $cmd -' but not in its --help"
  done
done

# Every exit status of --help is in EXIT STATUS, and no other.
statuses=$(printf '%s\n' "$top_help" |
  sed -n '/^Exit status:/,/^[^ ]/ s/^  \([0-9][0-9]*\)  .*/\1/p')
documented=$(man_text <"$manpage" | awk '
    /^\.S[HS] / { on = ($0 ~ /^\.SH "?EXIT STATUS"?$/); next }
    on && prev == ".TP" && /^\.B [0-9]+$/ { print $2 }
    { prev = $0 }')
[ -n "$statuses" ] || fail "no exit status found in precis --help"
[ "$(printf '%s\n' $statuses | sort -n)" = "$(printf '%s\n' $documented | sort -n)" ] ||
  fail "$manpage: EXIT STATUS lists '$(echo $documented)', --help '$(echo $statuses)'"

# The manual renders without a warning (as lintian checks it).
if command -v groff >/dev/null; then
  out=$(groff -man -Tutf8 -ww -z "$manpage" 2>&1)
  [ -z "$out" ] || fail "groff warns: $out"
else
  fail "groff not found (groff-base)"
fi
if command -v man >/dev/null; then
  out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
    man --warnings -E UTF-8 -l -Tutf8 -Z "$manpage" 2>&1 >/dev/null)
  [ -z "$out" ] || fail "man --warnings: $out"
else
  echo "note: man(1) not installed, its check skipped"
fi

[ "$failures" -eq 0 ] || {
  echo "$failures problem(s)"
  exit 1
}
echo "ok"
