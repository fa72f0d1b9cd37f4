# completions/plugboard-cli.bash: bash completion for plugboard-cli
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installed as "plugboard-cli" in bash-completion's completions directory,
# which loads it the first time plugboard-cli is completed. Handles, ports and
# drive names come from the program itself (plugboard-cli --json list ...), on
# the server the command line names, so they are the ones it would accept.

# The values of KEY ("handle", "name", "local_name"…) in the JSON that
# plugboard-cli --json [--server HOST] list KIND prints, one per line.
_plugboard_cli_values()
{
    local kind=$1 key=$2 json
    json=$("${words[0]}" --json ${server:+--server "$server"} list "$kind" 2>/dev/null) || return
    local re="\"$key\"[[:space:]]*:[[:space:]]*\"(([^\"\\\\]|\\\\.)*)\""
    while [[ $json =~ $re ]]; do
        local value=${BASH_REMATCH[1]}
        value=${value//\\\"/\"}
        printf '%s\n' "${value//\\\\/\\}"
        json=${json#*"${BASH_REMATCH[0]}"}
    done
}

# Offers each line of standard input that starts with the word being
# completed, quoted for the shell (drive names may hold spaces). Fed by a
# redirection, not a pipe, so that COMPREPLY is set in this shell.
_plugboard_cli_offer()
{
    local value typed
    typed=$(dequote "$cur")
    while IFS= read -r value; do
        [[ -n $value && $value == "$typed"* ]] && COMPREPLY+=("$(printf '%q' "$value")")
    done
}

_plugboard_cli()
{
    local cur prev words cword split
    _init_completion -s || return

    local commands="list drive-map drive-remember drive-cancel restore hangup port-disconnect connect"
    local global_opts="--json --help --version"
    local nm_opts="--server --link-types"

    # The command is the first word that is neither an option nor the value
    # of one; global options may stand on either side of it. list takes
    # --server more than once, the others one: theirs is the last given.
    local i command="" server="" argc=0
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --server | -s)
                server=${words[i + 1]}
                ((i++))
                ;;
            --server=*) server=${words[i]#--server=} ;;
            --link-types | --device | -d | --drives | --timeout | -t | --name | -n | --user | -u) ((i++)) ;;
            -*) ;;
            *)
                if [[ -z $command ]]; then
                    command=${words[i]}
                else
                    ((argc++))
                fi
                ;;
        esac
    done

    case $prev in
        --server | -s)
            COMPREPLY=($(compgen -W 'local' -- "$cur"))
            _known_hosts_real -a -- "$cur"
            return
            ;;
        --link-types)
            # A comma-separated list: complete the last item.
            local prefix=${cur%"${cur##*,}"}
            COMPREPLY=($(compgen -P "$prefix" -W 'gsm cdma pppoe bluetooth vpn wireguard' -- "${cur##*,}"))
            compopt -o nospace
            return
            ;;
        --device | -d)
            _available_interfaces -a
            return
            ;;
        --drives)
            COMPREPLY=($(compgen -W 'keep disconnect' -- "$cur"))
            return
            ;;
        --timeout | -t | --name | -n | --user | -u)
            return
            ;;
    esac
    $split && return

    local opts
    case $command in
        "") opts="$global_opts $nm_opts" ;;
        list | port-disconnect | connect) opts="--json $nm_opts" ;;
        hangup) opts="--json $nm_opts --device --drives --force --timeout" ;;
        drive-map) opts="--json --name --remember --user --password-stdin --save-password --timeout" ;;
        drive-remember) opts="--json --name --user --password-stdin" ;;
        drive-cancel) opts="--json --force --forget --timeout" ;;
        restore) opts="--json --timeout" ;;
        *) return ;;
    esac
    [[ $command == port-disconnect ]] && opts="$opts --drives --force --timeout"

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
        [[ ${COMPREPLY-} == *= ]] && compopt -o nospace
        return
    fi

    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return
    fi

    # One positional argument each.
    ((argc == 0)) || return
    case $command in
        list) COMPREPLY=($(compgen -W 'links ports drives all' -- "$cur")) ;;
        hangup) _plugboard_cli_offer < <(_plugboard_cli_values links handle) ;;
        port-disconnect) _plugboard_cli_offer < <(_plugboard_cli_values ports name) ;;
        drive-cancel)
            _plugboard_cli_offer < <(_plugboard_cli_values drives local_name
                                     _plugboard_cli_values drives remote_name)
            ;;
        drive-map | drive-remember)
            COMPREPLY=($(compgen -W 'smb:// sftp:// dav:// davs:// ftp:// nfs://' -- "$cur"))
            compopt -o nospace
            ;;
    esac
} &&
    complete -F _plugboard_cli plugboard-cli
