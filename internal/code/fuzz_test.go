package code

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

var fuzzExts = []string{".js", ".ts", ".tsx", ".py", ".go"}

// FuzzAnalyzeFile feeds arbitrary source to every language front end.
func FuzzAnalyzeFile(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, p := range files {
		ext := filepath.Ext(p)
		for i, e := range fuzzExts {
			if e != ext {
				continue
			}
			if src, err := os.ReadFile(p); err == nil {
				f.Add(uint8(i), src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, lang uint8, src []byte) {
		name := "f" + fuzzExts[int(lang)%len(fuzzExts)]
		issues, _ := AnalyzeFile(name, src, "")
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, is := range issues {
			if is.Line < 1 || is.Line > lines || is.CWE == "" {
				t.Errorf("AnalyzeFile(%s, %q): issue %+v out of range (%d lines)", name, src, is, lines)
			}
		}
	})
}
