package prompt

import (
	"fmt"
	"strings"
)

// Shells are the snippets tally prompt prints, by the name it takes.
var Shells = []string{"bash", "zsh", "fish", "tmux", "starship", "waybar"}

// Paths are what a snippet reads: the state file, the data file it must
// not be older than, and the command that answers when it is.
type Paths struct {
	State, Data string
	Command     string // "tally", or how the user runs it
}

// Snippet is the text to eval (bash, zsh, fish) or to paste into a
// configuration (tmux, starship, waybar).
func Snippet(shell string, p Paths) (string, error) {
	switch shell {
	case "bash":
		return bashCore(p, dq) + bashHook, nil
	case "zsh":
		return zshSnippet(p), nil
	case "fish":
		return fishSnippet(p), nil
	case "tmux":
		return tmuxSnippet(p), nil
	case "starship":
		return starshipSnippet(p), nil
	case "waybar":
		return waybarSnippet(p), nil
	}
	return "", fmt.Errorf("no prompt for %q: want one of %s", shell, strings.Join(Shells, ", "))
}

// The segment every snippet shows while a timer runs: the task and the
// time since it started, H:MM, then " !" once it has run past
// forgotten_after. Idle, it is empty. TALLY_TODAY is today's totals as of
// the last change, and TALLY_CLASS running, forgotten or idle.

// bashCore defines __tally_update, which sets TALLY_PROMPT, TALLY_TODAY
// and TALLY_CLASS with builtins alone (bash 5: EPOCHSECONDS; zsh reads it
// too), and tally_prompt, which prints the segment; quote puts the paths
// inside its double quotes. It holds no single quote, so that tmux,
// starship and waybar can hand it to bash -c '…', and its parentheses
// pair up, case patterns included, because tmux ends #( ) at the ) that
// closes its (.
func bashCore(p Paths, quote func(string) string) string {
	return strings.NewReplacer("@STATE@", quote(p.State), "@DATA@", quote(p.Data), "@TALLY@", quote(p.Command)).Replace(`# tally: the running timer, read from its state file with builtins alone.
# __tally_update keeps $? for whatever prompt reads it next.
__tally_update() { local s=$?; __tally_read; return $s; }
__tally_read() {
  TALLY_PROMPT= TALLY_TODAY= TALLY_CLASS=idle
  local state="@STATE@" data="@DATA@" key value start= task= limit=0 day_end=0 e flag=
  if [[ ! -e $state || $state -ot $data ]]; then
    # Older than the data (a restore, a copy): tally answers, and writes it again.
    [[ -e $data ]] && TALLY_PROMPT=$(command "@TALLY@" --db "$data" status --format "{{.Task}} {{.Elapsed}}" 2>/dev/null)
    return 0
  fi
  while IFS=" " read -r key value; do
    case $key in
      (start) start=$value ;;
      (task) task=$value ;;
      (forgotten_after) limit=$value ;;
      (day_end) day_end=$value ;;
      (today) TALLY_TODAY=$value ;;
    esac
  done < "$state"
  (( EPOCHSECONDS < day_end )) || TALLY_TODAY=
  [[ -n $start ]] || return 0
  e=$(( EPOCHSECONDS - start ))
  TALLY_CLASS=running
  if (( limit > 0 && e > limit )); then flag=" !" TALLY_CLASS=forgotten; fi
  printf -v TALLY_PROMPT "%s %d:%02d%s" "$task" $(( e / 3600 )) $(( e % 3600 / 60 )) "$flag"
}
tally_prompt() { __tally_update; printf "%s" "$TALLY_PROMPT"; }
`)
}

// bashHook puts the segment before the prompt: PROMPT_COMMAND sets it, PS1
// shows it, and neither starts a process (PS1='$(…)' would fork a
// subshell at every prompt).
const bashHook = `if [[ " ${PROMPT_COMMAND[*]} " != *" __tally_update "* ]]; then
  PROMPT_COMMAND=(__tally_update "${PROMPT_COMMAND[@]}")
  PS1='${TALLY_PROMPT:+[$TALLY_PROMPT] }'"$PS1"
fi
`

// zshSnippet runs the bash core, which zsh reads as it is once
// zsh/datetime gives it EPOCHSECONDS, from a precmd hook.
func zshSnippet(p Paths) string {
	return "zmodload zsh/datetime\n" + bashCore(p, dq) + zshHook
}

const zshHook = `autoload -Uz add-zsh-hook
add-zsh-hook precmd __tally_update
if [[ $PROMPT != *TALLY_PROMPT* ]]; then
  setopt prompt_subst
  # %% keeps a task's own % from being read as a prompt escape.
  PROMPT='${TALLY_PROMPT:+[${TALLY_PROMPT//\%/%%}] }'$PROMPT
fi
`

func fishSnippet(p Paths) string {
	return strings.NewReplacer("@STATE@", fq(p.State), "@DATA@", fq(p.Data), "@TALLY@", fq(p.Command)).Replace(`# tally: the running timer, read from its state file with fish's builtins
# (path mtime --relative gives the clock: fish has no other without a process).
function __tally_update
    set -g TALLY_PROMPT ''
    set -g TALLY_TODAY ''
    set -g TALLY_CLASS idle
    set -l state @STATE@
    set -l data @DATA@
    if not test -e $state; or begin; test -e $data; and test (path mtime $data) -gt (path mtime $state); end
        # Older than the data (a restore, a copy): tally answers, and writes it again.
        test -e $data; and set -g TALLY_PROMPT (command @TALLY@ --db $data status --format '{{.Task}} {{.Elapsed}}' 2>/dev/null)
        return 0
    end
    set -l start ''
    set -l task ''
    set -l limit 0
    set -l day_end 0
    while read -l key value
        switch $key
            case start
                set start $value
            case task
                set task $value
            case forgotten_after
                set limit $value
            case day_end
                set day_end $value
            case today
                set -g TALLY_TODAY $value
        end
    end <$state
    set -l now (math (path mtime $state) + (path mtime --relative $state))
    test $now -lt $day_end; or set -g TALLY_TODAY ''
    test -n "$start"; or return 0
    set -l e (math $now - $start)
    set -g TALLY_CLASS running
    set -l flag ''
    if test $limit -gt 0 -a $e -gt $limit
        set flag ' !'
        set -g TALLY_CLASS forgotten
    end
    set -g TALLY_PROMPT (printf '%s %d:%02d%s' $task (math --scale=0 "floor($e / 3600)") (math --scale=0 "floor($e % 3600 / 60)") $flag)
end
function tally_prompt
    __tally_update
    printf '%s' $TALLY_PROMPT
end
function __tally_status
    return $argv[1]
end
if not functions -q __tally_fish_prompt
    functions -c fish_prompt __tally_fish_prompt
    function fish_prompt
        set -l last $status
        __tally_update
        test -n "$TALLY_PROMPT"; and printf '[%s] ' $TALLY_PROMPT
        __tally_status $last # the prompt shows the last command's status, not ours
        __tally_fish_prompt
    end
end
`)
}

// bashCommand is the bash core run by bash -c for what cannot read a file
// itself (tmux, starship, waybar): then print runs.
func bashCommand(p Paths, print string) string {
	return "bash --norc --noprofile -c " + shellWord(bashCore(p, dqParenFree)+print)
}

func tmuxSnippet(p Paths) string {
	command := bashCommand(p, `__tally_update; printf "%s" "$TALLY_PROMPT"`)
	// tmux reads no file itself, so #() runs bash (one process each
	// status-interval, never tally). In a format # and % are doubled; in a
	// double-quoted option \, " and $ are escaped.
	value := strings.NewReplacer("#", "##", "%", "%%").Replace(command)
	value = strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`).Replace(value)
	return "# tally in the status line: paste into ~/.tmux.conf\nset -g status-interval 5\nset -g status-right \"#(" + value + ") %H:%M\"\n"
}

func starshipSnippet(p Paths) string {
	command := bashCore(p, dq) + `__tally_update; printf "%s" "$TALLY_PROMPT"`
	return "# tally in starship: paste into ~/.config/starship.toml\n[custom.tally]\ncommand = '''\n" + command + "\n'''\nwhen = true\nshell = [\"bash\", \"--norc\", \"--noprofile\"]\nformat = \"[$output]($style) \"\nstyle = \"bold yellow\"\n"
}

// waybarPrint writes waybar's JSON: text, tooltip and class (running,
// forgotten or idle), the task's " and \ escaped.
const waybarPrint = `__tally_update; t=${TALLY_PROMPT//\\/\\\\}; t=${t//\"/\\\"}; d=${TALLY_TODAY//\\/\\\\}; d=${d//\"/\\\"}; printf "{\"text\":\"%s\",\"tooltip\":\"today %s\",\"class\":\"%s\"}\n" "$t" "${d:-nothing yet}" "$TALLY_CLASS"`

// waybarSnippet is a custom module: waybar runs exec and on-click with
// sh -c, and reads the text as Pango markup unless escape is set (a task
// named "R&D" is no markup).
func waybarSnippet(p Paths) string {
	command := bashCommand(p, waybarPrint)
	stop := shellWord(p.Command) + " --db " + shellWord(p.Data) + " stop"
	return "// tally in waybar: add \"custom/tally\" to a modules list, and this to the config\n\"custom/tally\": {\n  \"exec\": " + jsonString(command) + ",\n  \"return-type\": \"json\",\n  \"escape\": true,\n  \"interval\": 5,\n  \"on-click\": " + jsonString(stop) + "\n}\n"
}

// dq escapes text for a bash double-quoted string.
func dq(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "`", "\\`").Replace(s)
}

// dqParenFree is dq for text that tmux reads inside #( ), where no quoting
// hides a parenthesis from it: a path's ( and ) leave the double quotes as
// bash's $'\050' and $'\051'.
func dqParenFree(s string) string {
	return strings.NewReplacer("(", `"$'\050'"`, ")", `"$'\051'"`).Replace(dq(s))
}

// shellWord is text as one word for sh: as it is when nothing in it is
// special, else in single quotes.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fq quotes text for fish.
func fq(s string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'" }

func jsonString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`).Replace(s) + `"`
}
