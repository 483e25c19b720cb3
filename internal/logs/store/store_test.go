package store

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStoreSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add([]Hour{{"f", 10, 3, 1, 30}, {"f", 12, 1, 0, 5}, {"g", 10, 7, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Add([]Hour{{"f", 10, 2, 0, 20}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetEvaluated("f", 11); err != nil {
		t.Fatal(err)
	}
	if err := s.SetEvaluated("f", 9); err != nil { // never goes back
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Series("f", 9, 12)
	if err != nil {
		t.Fatal(err)
	}
	want := []Hour{{"f", 9, 0, 0, 0}, {"f", 10, 5, 1, 50}, {"f", 11, 0, 0, 0}, {"f", 12, 1, 0, 5}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Series (-want +got):\n%s", d)
	}
	for fn, want := range map[string]int64{"f": 11, "g": -1} {
		if h, err := s.Evaluated(fn); err != nil || h != want {
			t.Errorf("Evaluated(%q) = %d, %v; want %d", fn, h, err, want)
		}
	}
}
