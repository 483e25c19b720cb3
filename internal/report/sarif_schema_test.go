package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/slsguard/slsguard/internal/report"
	"github.com/slsguard/slsguard/internal/scan"
)

// sarifSchemaFile is written by scripts/fetch-sarif-schema.sh.
const sarifSchemaFile = "testdata/sarif-schema/sarif-2.1.0-rtm.5.json"

// sarifSchema compiles the SARIF 2.1.0 schema, or skips the test when the
// file has not been fetched.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaFile)
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("CI") != "" {
			// CI fetches the schema first (.ci/run): its absence there is a
			// broken pipeline, not a reason to skip.
			t.Fatalf("SARIF schema not found at %s in CI: scripts/fetch-sarif-schema.sh did not run", sarifSchemaFile)
		}
		t.Skipf("SARIF schema not found at %s: run scripts/fetch-sarif-schema.sh", sarifSchemaFile)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("read %s: %v", sarifSchemaFile, err)
	}
	c := jsonschema.NewCompiler()
	// Check "format" too (uri, uri-reference, date-time...): consumers do.
	c.AssertFormat()
	if err := c.AddResource("sarif-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-2.1.0.json")
	if err != nil {
		t.Fatalf("compile %s: %v", sarifSchemaFile, err)
	}
	return s
}

// validateSARIF scans dir and validates the SARIF output against the schema.
func validateSARIF(t *testing.T, schema *jsonschema.Schema, dir string) {
	t.Helper()
	res, err := scan.Run(scan.Options{Paths: []string{dir}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("scan %s: %v", dir, err)
	}
	in := &report.Input{Root: res.Root, Version: "test", Apps: res.Apps, Findings: res.Findings, Problems: res.Problems, Rules: res.Rules}
	if len(in.Findings) == 0 {
		t.Fatalf("scan of %s found nothing: the validation would prove little", dir)
	}
	validateInput(t, schema, dir, in)
}

// validateInput validates the SARIF of in against the schema.
func validateInput(t *testing.T, schema *jsonschema.Schema, dir string, in *report.Input) {
	t.Helper()
	var buf bytes.Buffer
	if err := report.SARIF(&buf, in); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("SARIF of %s is not JSON: %v", dir, err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("SARIF of %s does not match the SARIF 2.1.0 schema:\n%v", dir, err)
	}
	var log struct {
		Runs []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != len(in.Findings) {
		t.Errorf("SARIF of %s: want 1 run with %d results, got %d runs", dir, len(in.Findings), len(log.Runs))
	}
	t.Logf("%s: %d results, %d bytes of SARIF, valid", dir, len(in.Findings), buf.Len())
}

func TestSARIFMatchesSchema(t *testing.T) {
	schema := sarifSchema(t)
	t.Run("orders-app", func(t *testing.T) {
		validateSARIF(t, schema, filepath.Join("..", "..", "examples", "orders-app"))
	})
	t.Run("serverless-goat", func(t *testing.T) {
		dir := filepath.Join("..", "..", "..", "shared", "corpus", "serverless-goat")
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("corpus not found at %s: %v", dir, err)
		}
		validateSARIF(t, schema, dir)
	})
	// The sample has what the example apps may lack: suppressed findings,
	// related locations and input problems.
	t.Run("sample", func(t *testing.T) {
		validateInput(t, schema, "sample", report.SampleInput())
	})
}

// TestSARIFSchemaCatchesErrors makes sure the validation can fail: a log
// with a result that has no message is not SARIF.
func TestSARIFSchemaCatchesErrors(t *testing.T) {
	schema := sarifSchema(t)
	bad := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "A", "level": "severe"}]}]}`
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(bad)))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err == nil {
		t.Errorf("schema accepted an invalid log: %s", bad)
	}
}
