# bt.bash — bash completion of bt's commands: `bt re<TAB>` offers report,
# retry, …  The commands are the ones `bt --help` lists (the bt-* found
# beside bt and on PATH), so a new filter or script completes with no edit
# here.  After the command, file names, as the filters take files.
#
# Install: source it from ~/.bashrc, or copy it to
# /usr/share/bash-completion/completions/bt
#   . /usr/local/share/bt/completion/bt.bash
_bt() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		local cmds
		cmds=$("${COMP_WORDS[0]}" --help 2>/dev/null | sed -n 's/^   \([a-z0-9][a-z0-9._-]*\)$/\1/p')
		COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _bt bt
