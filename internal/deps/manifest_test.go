package deps

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// collectOne writes files to a temporary directory, collects it and
// returns its packages in brief form.
func collectOne(t *testing.T, files map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, problems := Collect(context.Background(), dir, []string{"."})
	for _, p := range problems {
		t.Errorf("problem: %v", p)
	}
	var got []string
	for _, p := range inv.Packages() {
		got = append(got, brief(dir, p))
	}
	return got
}

// TestManifestLines checks that each dependency of a package.json without
// a lockfile carries the line of its entry.
func TestManifestLines(t *testing.T) {
	tests := []struct {
		name, pkg string
		want      []string
	}{
		{"groups", `{
  "name": "orders-api",
  "scripts": {"axios": "node axios.js"},
  "dependencies": {
    "@aws-sdk/client-dynamodb": "^3.600.0",
    "axios": "~1.7.2"
  },
  "devDependencies": {
    "jest": "^29.7.0"
  }
}`, []string{
			"npm @aws-sdk/client-dynamodb unpinned(^3.600.0) package.json:5 direct",
			"npm axios unpinned(~1.7.2) package.json:6 direct",
			"npm jest unpinned(^29.7.0) package.json:9 direct [dev]",
		}},
		{"one line", `{"dependencies": {"a": "^1.0.0", "b": "*"}}`, []string{
			"npm a unpinned(^1.0.0) package.json:1 direct",
			"npm b unpinned(*) package.json:1 direct",
		}},
		{"name repeated in another group and nested values", `{
  "peerDependencies": {"react": ">=18"},
  "config": {"dependencies": {"react": "x"}},
  "optionalDependencies": {
    "fsevents": "^2.3.0"
  },
  "dependencies": {"react": "^18.2.0"}
}`, []string{
			"npm react unpinned(>=18) package.json:2 direct [peer]",
			"npm fsevents unpinned(^2.3.0) package.json:5 direct [optional]",
			"npm react unpinned(^18.2.0) package.json:7 direct",
		}},
		{"escaped name", "{\n\"dependencies\": {\n\"\\u0061xios\": \"^1.0.0\"\n}\n}", []string{
			"npm axios unpinned(^1.0.0) package.json:3 direct",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := collectOne(t, map[string]string{"package.json": tt.pkg})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("packages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDependencyLinesMalformed(t *testing.T) {
	tests := []struct {
		name, data string
		want       map[string]map[string]int
	}{
		{"not an object", `[1, 2]`, map[string]map[string]int{}},
		{"group is an array", `{"dependencies": ["a"], "devDependencies": {"b": "1"}}`, map[string]map[string]int{"dev": {"b": 1}}},
		{"group is null", `{"dependencies": null}`, map[string]map[string]int{}},
		{"truncated", "{\"dependencies\": {\n\"a\": \"1\",\n\"b\"", map[string]map[string]int{"": {"a": 2, "b": 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, dependencyLines([]byte(tt.data))); diff != "" {
				t.Errorf("dependencyLines (-want +got):\n%s", diff)
			}
		})
	}
}
