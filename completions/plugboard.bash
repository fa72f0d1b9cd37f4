# completions/plugboard.bash: bash completion for plugboard (the window)
# Copyright 2026 The Plugboard authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window takes options only, those of `plugboard --help-all`.

_plugboard()
{
    local cur=${COMP_WORDS[COMP_CWORD]}

    case $cur in
        -*)
            COMPREPLY=($(compgen -W '--help --help-all --help-gapplication --version --gapplication-service' \
                -- "$cur"))
            ;;
        *)
            COMPREPLY=()
            ;;
    esac
}

complete -F _plugboard plugboard
