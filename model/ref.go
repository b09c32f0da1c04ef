package model

import (
	"strconv"
	"strings"
)

// FindClient finds the client a name refers to as a task REF would: the one
// whose name equals it, ignoring case, else the one name whose name holds
// it; several such names are listed in the error.
func FindClient(clients []Client, name string) (Client, error) {
	name = strings.TrimSpace(name)
	matches := byName(clients, name, func(c Client) string { return c.Name })
	switch len(matches) {
	case 0:
		return Client{}, Invalidf("no client named %q", name)
	case 1:
		return matches[0], nil
	}
	names := make([]string, len(matches))
	for i, c := range matches {
		names[i] = c.Name
	}
	return Client{}, Invalidf("%q matches %d clients: %s", name, len(matches), strings.Join(names, "; "))
}

// byName returns the items whose name equals words, ignoring case, or
// else those whose name holds them: what a REF or a client's name finds.
func byName[T any](items []T, words string, name func(T) string) []T {
	needle := strings.ToLower(words)
	var exact, partial []T
	for _, it := range items {
		switch lower := strings.ToLower(name(it)); {
		case lower == needle:
			exact = append(exact, it)
		case needle != "" && strings.Contains(lower, needle):
			partial = append(partial, it)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return partial
}

// TaskLabel names a task for people and messages: "#12 Write article (Acme)".
func TaskLabel(t Task, clients map[int64]Client) string {
	return "#" + strconv.FormatInt(t.ID, 10) + " " + t.Title + " (" + clients[t.ClientID].Name + ")"
}

// TaskID reads a REF that is a task id: "12" or "#12".
func TaskID(ref string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(ref), "#"), 10, 64)
	return id, err == nil
}

// ResolveTask finds the task a REF names: a task id ("12" or "#12"), or a
// case-insensitive part of an open task's title that matches exactly one
// open task, optionally only among clientID's (0 for any). A title equal to
// the REF wins over titles that merely contain it.
func ResolveTask(ref string, tasks []Task, clients []Client, clientID int64) (Task, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Task{}, Invalidf("task reference is empty")
	}
	if id, ok := TaskID(ref); ok {
		for _, t := range tasks {
			if t.ID == id {
				return t, nil
			}
		}
		return Task{}, Invalidf("no task #%d", id)
	}
	archived := map[int64]bool{}
	byID := make(map[int64]Client, len(clients))
	for _, c := range clients {
		archived[c.ID] = c.Archived
		byID[c.ID] = c
	}
	var open []Task
	for _, t := range tasks {
		if !t.Done && !archived[t.ClientID] && (clientID == 0 || t.ClientID == clientID) {
			open = append(open, t)
		}
	}
	matches := byName(open, ref, func(t Task) string { return t.Title })
	switch len(matches) {
	case 0:
		if c := byID[clientID]; c.Archived {
			return Task{}, Invalidf("no open task matches %q: client %s is archived (restore it with: tally client archive --restore %q)", ref, c.Name, c.Name)
		}
		return Task{}, Invalidf("no open task matches %q", ref)
	case 1:
		return matches[0], nil
	}
	labels := make([]string, len(matches))
	for i, t := range matches {
		labels[i] = TaskLabel(t, byID)
	}
	return Task{}, Invalidf("%q matches %d tasks: %s", ref, len(matches), strings.Join(labels, "; "))
}
