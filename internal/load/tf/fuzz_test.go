package tf

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds returns the Terraform files the tests use.
func fuzzSeeds(f *testing.F) {
	f.Helper()
	patterns := []string{
		filepath.Join("..", "..", "rules", "testdata", "*", "*.tf"),
		filepath.Join("..", "testdata", "equiv", "*", "main.tf"),
	}
	for _, pat := range patterns {
		files, _ := filepath.Glob(pat)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("locals {\n  a = local.b\n  b = local.a\n}\n"))
	f.Add([]byte("resource \"aws_iam_role_policy\" \"p\" {\n  policy = <<EOF\n{\"Statement\": [{\"Action\": \"${x}\"}]}\nEOF\n}\n"))
}

// FuzzLoad loads arbitrary source as a module and runs every rule on the
// result: nothing may panic or hang.
func FuzzLoad(f *testing.F) {
	fuzzSeeds(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		m := newModule(dir, dir)
		if !m.parseSource("main.tf", data) {
			return
		}
		app := m.finish([]string{filepath.Join(dir, "main.tf")}, Options{Vars: map[string]string{"x": "1"}})
		runRules(app)
	})
}

// FuzzLoadPlan loads arbitrary JSON as a plan.
func FuzzLoadPlan(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("testdata", "plan.json")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"aws_lambda_function.x","type":"aws_lambda_function","name":"x","values":{"environment":[{"variables":{"A":"b"}}]}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !LooksLikePlan(data) {
			return
		}
		app, _, err := LoadPlan("plan.json", data)
		if err == nil {
			runRules(app)
		}
	})
}

// FuzzLoadJSON loads arbitrary input as a configuration in JSON syntax.
func FuzzLoadJSON(f *testing.F) {
	for _, name := range []string{filepath.Join("testdata", "cdktf", "cdk.tf.json"), filepath.Join("testdata", "plan.json")} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"resource":{"aws_lambda_function":{"f":{"count":"${2}","environment":[{"variables":{"A":"${var.x}"}}]}}}}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		m := newModule(dir, dir)
		if !m.parseJSONSource("main.tf.json", data) {
			return
		}
		runRules(m.finish([]string{filepath.Join(dir, "main.tf.json")}, Options{}))
	})
}
