package sls

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostile checks that hostile services end quickly with an error or
// a problem that names the file.
func TestHostile(t *testing.T) {
	bomb := "service: s\nprovider: {name: aws}\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for i := 0; i < 9; i++ {
		name := string(rune('b' + i))
		bomb += name + ": &" + name + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = name
	}
	deep := "service: s\nprovider: {name: aws}\ncustom: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
	var vars strings.Builder
	vars.WriteString("service: s\nprovider: {name: aws}\ncustom:\n  v0: x\n")
	for i := 1; i < 40; i++ {
		// Each value doubles the previous one: 2^40 characters if
		// expanded naively.
		vars.WriteString("  v" + itoa(i) + ": ${self:custom.v" + itoa(i-1) + "}${self:custom.v" + itoa(i-1) + "}\n")
	}
	var mapvars strings.Builder
	mapvars.WriteString("service: s\nprovider: {name: aws}\ncustom:\n  m0: [a, b, c, d]\n")
	for i := 1; i < 30; i++ {
		mapvars.WriteString("  m" + itoa(i) + ": ['${self:custom.m" + itoa(i-1) + "}', '${self:custom.m" + itoa(i-1) + "}']\n")
	}
	var wide strings.Builder
	wide.WriteString("service: s\nprovider: {name: aws}\ncustom:\n  v0: xxxxxxxxxxxxxxxx\n")
	for i := 1; i < 15; i++ {
		wide.WriteString("  v" + itoa(i) + ": ${self:custom.v" + itoa(i-1) + "}${self:custom.v" + itoa(i-1) + "}\n")
	}
	wide.WriteString("  refs:\n")
	for i := 0; i < 5000; i++ {
		wide.WriteString("    - a${self:custom.v14}\n")
	}
	nested := "service: s\nprovider: {name: aws}\ncustom:\n  out: " + strings.Repeat("${opt:x, ", 100) + "'d'" + strings.Repeat("}", 100) + "\n"
	tests := []struct {
		name string
		src  string
		// want is a substring of the error or of a problem; "" asks only
		// for a quick answer.
		want string
	}{
		{"alias bomb", bomb, "alias bomb"},
		{"deep nesting", deep, "nesting deeper"},
		{"string doubling", vars.String(), "longer than"},
		{"list doubling", mapvars.String(), "expand to more than"},
		{"nested fallbacks", nested, "nested deeper"},
		{"many long values", wide.String(), "bytes of text"},
		{"file loop", "service: s\nprovider: {name: aws}\ncustom: ${file(./loop.yml)}\n", "includes itself"},
		{"unmatched braces", "service: s\nprovider: {name: aws}\ncustom: '" + strings.Repeat("${a", 1_000_000) + "'\n", ""},
		{"huge", "service: s\nprovider: {name: aws}\ncustom: '" + strings.Repeat("x", MaxFileSize) + "'\n", "too large"},
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "loop.yml"), []byte("a: ${file(./loop.yml)}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, problems, err := Load("svc/serverless.yml", []byte(tt.src), Options{Dir: dir})
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("took %v", d)
			}
			var msgs []string
			if err != nil {
				msgs = append(msgs, err.Error())
				if !strings.Contains(err.Error(), "svc/serverless.yml") {
					t.Errorf("error %q does not name the file", err)
				}
			}
			for _, p := range problems {
				msgs = append(msgs, p.Error())
			}
			all := strings.Join(msgs, "\n")
			if tt.want != "" && !strings.Contains(all, tt.want) {
				t.Errorf("errors and problems %q, want one containing %q", clip(all), tt.want)
			}
		})
	}
}
