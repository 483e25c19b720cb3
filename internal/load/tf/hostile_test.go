package tf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHostileInput checks that broken or hostile modules give a problem
// naming the file and line, and that the rest of the module still loads.
func TestHostileInput(t *testing.T) {
	good := `resource "aws_lambda_function" "ok" {
  function_name = "ok"
}
`
	var chain strings.Builder
	chain.WriteString("locals {\n  l0 = \"x\"\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&chain, "  l%d = \"${local.l%d}${local.l%d}\"\n", i, i-1, i-1)
	}
	chain.WriteString("}\nresource \"aws_lambda_function\" \"big\" {\n  function_name = local.l40\n}\n")
	var deepRefs strings.Builder
	deepRefs.WriteString("locals {\n  d0 = \"x\"\n")
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&deepRefs, "  d%d = local.d%d\n", i, i-1)
	}
	deepRefs.WriteString("}\nresource \"aws_lambda_function\" \"deep\" {\n  function_name = local.d300\n}\n")

	tests := []struct {
		name    string
		bad     string
		problem string // file:line prefix and words of the expected problem
	}{
		{"deep nesting", "locals {\n  x = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n}\n",
			"bad.tf:2 brackets nest more than"},
		{"unclosed block", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n", "bad.tf:1 Unclosed configuration block"},
		{"cyclic locals", "locals {\n  a = local.b\n  b = local.c\n  c = local.a\n}\nresource \"aws_lambda_function\" \"c\" {\n  function_name = local.a\n}\n",
			"refers to itself"},
		{"exponential locals", chain.String(), "larger than"},
		{"long reference chain", deepRefs.String(), "references nest more than"},
		{"huge range", "locals {\n  r = range(1000000000000)\n}\nresource \"aws_lambda_function\" \"r\" {\n  function_name = length(local.r)\n}\n", ""},
		{"self-including template", "resource \"aws_iam_role_policy\" \"p\" {\n  policy = templatefile(\"self.tpl\", {})\n}\n", ""},
		{"cyclic resources", "resource \"aws_lambda_function\" \"a\" {\n  function_name = aws_iam_role.r.name\n  role = aws_iam_role.r.arn\n}\nresource \"aws_iam_role\" \"r\" {\n  name = aws_lambda_function.a.function_name\n}\n", ""},
		{"huge count", "resource \"aws_lambda_function\" \"n\" {\n  count = 1000000000\n}\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "good.tf", good)
			write(t, dir, "bad.tf", tc.bad)
			write(t, dir, "self.tpl", `${templatefile("self.tpl", {})}`)
			done := make(chan struct{})
			var msgs []string
			var loaded bool
			go func() {
				defer close(done)
				app, problems, err := LoadModule(dir, dir, Options{})
				if err != nil {
					t.Errorf("LoadModule: %v", err)
					return
				}
				for _, p := range problems {
					msgs = append(msgs, p.Loc.String()+" "+p.Message)
				}
				for _, f := range app.Functions {
					loaded = loaded || f.ID == "ok"
				}
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("loading did not finish in 20 s")
			}
			if !loaded {
				t.Errorf("function ok of good.tf was not loaded")
			}
			if tc.problem == "" {
				return
			}
			for _, m := range msgs {
				if containsAll(m, tc.problem) {
					return
				}
			}
			t.Errorf("problems %q: none matches %q", msgs, tc.problem)
		})
	}
}

// containsAll reports whether msg has the file:line prefix (if any) and
// the words of want.
func containsAll(msg, want string) bool {
	fields := strings.Fields(want)
	if strings.Contains(fields[0], ":") {
		if !strings.HasPrefix(msg, fields[0]) {
			return false
		}
		fields = fields[1:]
	}
	return strings.Contains(msg, strings.Join(fields, " "))
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOversizedFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.tf", `resource "aws_s3_bucket" "b" {}`)
	big := filepath.Join(dir, "big.tf")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	app, problems, err := LoadModule(dir, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Loc.File != "big.tf" || !strings.Contains(problems[0].Message, "limit") {
		t.Errorf("problems = %v, want one about big.tf's size", problems)
	}
	if len(app.Stores) != 1 {
		t.Errorf("stores = %d, want the bucket of good.tf", len(app.Stores))
	}
}

func TestNoFiles(t *testing.T) {
	if _, _, err := LoadModule(t.TempDir(), t.TempDir(), Options{}); err == nil {
		t.Error("LoadModule of an empty directory: no error")
	}
	dir := t.TempDir()
	write(t, dir, "bad.tf", "{{{")
	_, problems, err := LoadModule(dir, dir, Options{})
	if err == nil || len(problems) == 0 || problems[0].Loc.File != "bad.tf" || problems[0].Loc.Line != 1 {
		t.Errorf("LoadModule of a broken file: err %v, problems %v; want an error and a problem at bad.tf:1", err, problems)
	}
}
