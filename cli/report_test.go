package cli

import (
	"testing"

	"tally/model"
)

// A fixed price's note says what its task has taken over all its time,
// against its estimate.
func TestFixedNote(t *testing.T) {
	task := func(estimate int64) model.Task { return model.Task{Title: "Website copy 10", Estimate: estimate} }
	for _, c := range []struct {
		task    model.Task
		tracked int64
		want    string
	}{
		// 16:42 of 15:00 is 111%, 1:42 over.
		{task(15 * 3600), 16*3600 + 42*60, "Website copy 10: 16:42 tracked in all, 1:42 over its 15:00 estimate"},
		{task(10 * 3600), 3 * 3600, "Website copy 10: 3:00 tracked in all, 30% of its 10:00 estimate"},
		{task(0), 3 * 3600, "Website copy 10: 3:00 tracked in all"},
	} {
		f := model.FixedTask{Task: c.task, Progress: model.TaskProgress(c.task, c.tracked)}
		if got := fixedNote(f); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
