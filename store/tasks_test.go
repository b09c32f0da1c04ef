package store

import (
	"testing"

	"tally/model"
)

func TestMoveTaskReorders(t *testing.T) {
	s := newStore(t)
	c, a, b := seed(t, s)
	if _, err := s.MoveTask(b.ID, -1); err != nil {
		t.Fatal(err)
	}
	tasks, _, _ := s.Tasks()
	q := model.Queue(tasks, c.ID)
	if q[0].ID != b.ID || q[1].ID != a.ID {
		t.Errorf("queue after move: %+v", q)
	}
}
