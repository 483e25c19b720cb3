package deps

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// copyTree copies testdata/tree to a temporary directory and adds what a
// repository cannot hold (a .git directory).
func copyTree(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "tree")
	if err := os.CopyFS(dst, os.DirFS("testdata/tree")); err != nil {
		t.Fatal(err)
	}
	git := filepath.Join(dst, "fn-node", ".git")
	if err := os.MkdirAll(git, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(git, "requirements.txt"), []byte("django==1.2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// brief is one package in a compact, comparable form.
func brief(root string, p Package) string {
	file, _ := filepath.Rel(root, p.Loc.File)
	v := p.Version
	if p.Unpinned() {
		v = "unpinned(" + p.Constraint + ")"
	}
	s := fmt.Sprintf("%s %s %s %s:%d", p.Ecosystem, p.Name, v, filepath.ToSlash(file), p.Loc.Line)
	if p.Relation != Unknown {
		s += " " + string(p.Relation)
	}
	if len(p.Groups) > 0 {
		s += " [" + strings.Join(p.Groups, ",") + "]"
	}
	if p.Vendored {
		s += " vendored"
	}
	return s
}

func TestCollect(t *testing.T) {
	root := copyTree(t)
	dirs := []string{"fn-node", "fn-node/sub-fn", "fn-py", "fn-go", "fn-nolock", "fn-pipenv", "broken", "fn-py"}
	inv, problems := Collect(context.Background(), root, dirs)
	want := map[string][]string{
		"fn-node": {
			"npm @scope/pkg 2.0.1 fn-node/node_modules/@scope/pkg/package.json:1 vendored",
			"npm left-pad 1.3.0 fn-node/node_modules/left-pad/package.json:1 vendored",
			"npm example-lib 1.2.0 fn-node/package-lock.json:13 direct",
			"npm left-pad 1.3.0 fn-node/package-lock.json:18 transitive",
			"npm @scope/pkg 2.0.1 fn-node/package-lock.json:22 direct [dev]",
		},
		// The nested function directory is walked once, on its own.
		"fn-node/sub-fn": {"PyPI requests 2.20.0 fn-node/sub-fn/requirements.txt:1"},
		"fn-py": {
			"PyPI PyYAML 3.13 fn-py/requirements.txt:2",
			"PyPI boto3 unpinned(boto3) fn-py/requirements.txt:3",
			"PyPI urllib3 unpinned(urllib3>=1.24) fn-py/requirements.txt:4",
			"PyPI Example_Pkg 1.5 fn-py/requirements.txt:5",
			"PyPI PyYAML 3.13 fn-py/vendor/PyYAML-3.13.dist-info/METADATA:2 vendored",
		},
		"fn-go": {
			"Go stdlib unpinned(>=1.21) fn-go/go.mod:3",
			"Go example.com/mod 1.1.0 fn-go/go.mod:6 direct",
			"Go golang.org/x/text 0.3.0 fn-go/go.mod:7 transitive",
		},
		"fn-nolock": {"npm lodash unpinned(^4.17.0) fn-nolock/package.json:1 direct"},
		"fn-pipenv": {
			"PyPI pyyaml 3.13 fn-pipenv/Pipfile.lock:4",
			"PyPI bandit 1.5.1 fn-pipenv/Pipfile.lock:7 [dev]",
		},
		"broken": nil,
	}
	got := map[string][]string{}
	for _, d := range inv.Dirs {
		var list []string
		for _, p := range d.Packages {
			list = append(list, brief(root, p))
		}
		if _, dup := got[d.Dir]; dup {
			if len(list) > 0 {
				t.Errorf("directory %s given twice: its packages were listed twice", d.Dir)
			}
			continue
		}
		got[d.Dir] = list
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Collect (-want +got):\n%s", diff)
	}
	if len(inv.Dirs) != len(dirs) {
		t.Errorf("Collect returned %d directories, want one per argument (%d)", len(inv.Dirs), len(dirs))
	}
	if len(problems) != 1 || !strings.HasSuffix(problems[0].Loc.File, filepath.Join("broken", "package-lock.json")) {
		t.Errorf("problems = %v, want one naming broken/package-lock.json", problems)
	}
}

func TestCollectAbsoluteAndRoot(t *testing.T) {
	root := copyTree(t)
	inv, _ := Collect(context.Background(), root, []string{filepath.Join(root, "fn-go"), "."})
	if n := len(inv.Dirs[0].Packages); n != 3 {
		t.Errorf("absolute fn-go: %d packages, want 3", n)
	}
	for _, p := range inv.Dirs[1].Packages {
		if strings.Contains(p.Loc.File, "fn-go") {
			t.Errorf("root directory also reported %s from fn-go", p.Name)
		}
	}
}

func TestStats(t *testing.T) {
	pkgs := []Package{
		{Name: "a", Version: "1", Relation: Direct},
		{Name: "b", Version: "1", Relation: Transitive},
		{Name: "c", Constraint: "^1", Relation: Direct},
		{Name: "d", Version: "1", Vendored: true},
	}
	want := Counts{Total: 4, Direct: 2, Transitive: 1, Unpinned: 1, Vendored: 1}
	if diff := cmp.Diff(want, Stats(pkgs)); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
}

func TestDeepestChain(t *testing.T) {
	v1 := `{"lockfileVersion": 1, "dependencies": {
  "a": {"version": "1.0.0", "requires": {"b": "^1.0.0"}},
  "b": {"version": "1.0.0", "requires": {"c": "^2.0.0"},
        "dependencies": {"c": {"version": "2.0.0", "requires": {"d": "*"}}}},
  "c": {"version": "1.0.0"},
  "d": {"version": "1.0.0"},
  "unused-hoisted": {"version": "1.0.0"}
}}`
	root := t.TempDir()
	for name, content := range map[string]string{
		"v1/package-lock.json": v1,
		"v1/package.json":      `{"dependencies": {"a": "1"}}`,
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(root, "v3"), os.DirFS("testdata/tree/fn-node")); err != nil {
		t.Fatal(err)
	}
	inv, problems := Collect(context.Background(), root, []string{"v1", "v3"})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	want := [][]string{{"a", "b", "c", "d"}, {"example-lib", "left-pad"}}
	for i, d := range inv.Dirs {
		if diff := cmp.Diff(want[i], d.DeepestChain); diff != "" {
			t.Errorf("%s: deepest chain (-want +got):\n%s", d.Dir, diff)
		}
	}
}

func TestCollectOutsideRoot(t *testing.T) {
	root := t.TempDir()
	_, problems := Collect(context.Background(), filepath.Join(root, "a"), []string{"../b"})
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "outside") {
		t.Errorf("problems = %v, want one saying the directory is outside the root", problems)
	}
}
