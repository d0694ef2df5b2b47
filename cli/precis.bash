# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for precis(1).  Installed as
# share/bash-completion/completions/precis.  Self-contained: it uses only
# bash's compgen, so it works without the bash-completion package too.
# Every option of "precis <command> --help" must be listed here
# (tests/check-manpage.sh checks it).

_precis_languages="ar ca da de el en es eu fi fr ga hi hu hy id it ja lt ne
 nl no pt ro ru sr sv ta tr vi yi zh"

_precis_charsets="UTF-8 ISO-8859-1 ISO-8859-2 ISO-8859-15 windows-1250
 windows-1251 windows-1252 KOI8-R GB18030 GBK Big5 Shift_JIS EUC-JP EUC-KR
 UTF-16"

_precis()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=
    local i cmd=

    COMPREPLY=()
    if ((COMP_CWORD > 0)); then
        prev=${COMP_WORDS[COMP_CWORD - 1]}
    fi
    # "--lang=fr": bash splits at '=', so the option is two words back.
    if [[ $cur == = ]]; then
        cur=
        prev=${COMP_WORDS[COMP_CWORD - 1]}
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *)
            cmd=${COMP_WORDS[i]}
            break
            ;;
        esac
    done

    local commands="summarize sentences extract feed batch help"
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "-h --help -V --version" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        fi
        return 0
    fi

    local opts files=yes
    case $cmd in
    summarize)
        opts="-n --sentences -l --lang -j --json --no-clean -c --charset
            -u --url -t --timeout -J --jobs"
        ;;
    sentences)
        opts="-l --lang -m --mark"
        ;;
    extract)
        opts="-j --json -c --charset -u --url -b --body -J --jobs"
        ;;
    feed)
        opts="--json -n --sentences --jobs --per-host --threads --limit
            --no-fetch --timeout --no-cache --dump-json"
        ;;
    batch)
        opts="-n --sentences --jobs --per-host --threads --timeout
            -l --lang --no-cache"
        files=
        ;;
    help)
        if ((i + 1 == COMP_CWORD)); then
            mapfile -t COMPREPLY < <(compgen -W "${commands% help}" -- "$cur")
        fi
        return 0
        ;;
    *)
        return 0
        ;;
    esac
    opts="$opts -h --help"

    # Values of the options that take one.
    case $prev in
    -l | --lang)
        mapfile -t COMPREPLY < <(compgen -W "$_precis_languages" -- "$cur")
        return 0
        ;;
    --dump-json)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
        ;;
    -c | --charset)
        mapfile -t COMPREPLY < <(compgen -W "$_precis_charsets" -- "$cur")
        return 0
        ;;
    -n | --sentences | -J | --jobs | --per-host | --threads | --limit | \
        -t | --timeout | -u | --url)
        return 0
        ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    elif [[ -n $files ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
}
complete -F _precis precis
