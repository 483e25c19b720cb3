package logs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/logs/detect"
)

func TestAnalyzeDirectory(t *testing.T) {
	res, err := Analyze([]string{filepath.Join("testdata", "dir")}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Alerts {
		ev := a.Evidence[len(a.Evidence)-1]
		got = append(got, a.ID+" "+filepath.ToSlash(ev.File))
	}
	// The delivery file is read plain and gzip-compressed; the Lambda log
	// is recognised as such.
	// The EventBridge envelope is opened; the digest file is skipped.
	want := []string{
		"LOG004 testdata/dir/eventbridge.json", "LOG101 testdata/dir/sub/fn.log",
		"LOG007 testdata/dir/sub/trail.json.gz", "LOG007 testdata/dir/trail.json",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("alerts (-want +got):\n%s", diff)
	}
	if res.Files != 5 || res.Digests != 1 || res.Records != 5 || res.Malformed != 2 || len(res.Samples) != 2 || len(res.Problems) != 0 {
		t.Errorf("files %d digests %d records %d malformed %d samples %v problems %v; want 5, 1, 5, 2",
			res.Files, res.Digests, res.Records, res.Malformed, res.Samples, res.Problems)
	}
	if got := res.Alerts[1].Message; got != "testdata/dir/sub/fn.log: 1 timeout" {
		t.Errorf("LOG101 message %q", got)
	}
	if want := (LambdaSummary{Messages: 3, Reports: 1, Timeouts: 1}); res.Lambda != want {
		t.Errorf("lambda summary %+v, want %+v", res.Lambda, want)
	}
}

func TestAnalyzeStdinAndKinds(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "dir", "trail.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Analyze([]string{StdinName}, strings.NewReader(string(data)), Options{})
	if err != nil || len(res.Alerts) != 1 || res.Alerts[0].Evidence[0].File != "<stdin>" {
		t.Fatalf("stdin: %v %+v", err, res)
	}
	// Forced to Lambda, a CloudTrail delivery file is a JSON document
	// without log events.
	res, err = Analyze([]string{filepath.Join("testdata", "dir", "trail.json")}, nil, Options{Kind: Lambda})
	if err != nil || len(res.Alerts) != 0 || res.Records != 0 || res.Lambda.Messages != 0 {
		t.Errorf("forced lambda: %v %+v", err, res)
	}
}

func TestAnalyzeProblems(t *testing.T) {
	if _, err := Analyze([]string{filepath.Join("testdata", "missing")}, nil, Options{}); err == nil {
		t.Error("missing path: no error")
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.json.gz")
	if err := os.WriteFile(bad, []byte{0x1f, 0x8b, 0, 1, 2}, 0o600); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join("testdata", "dir", "trail.json")
	res, err := Analyze([]string{bad, good}, nil, Options{})
	if err != nil || len(res.Problems) != 1 || len(res.Alerts) != 1 {
		t.Errorf("a broken file must not stop the others: %v %+v", err, res)
	}
}

func TestSniff(t *testing.T) {
	for in, want := range map[string]Kind{
		`{"Records":[`:                        CloudTrail,
		`[{"eventVersion":"1.08"`:             CloudTrail,
		`{"events":[{"logStreamName":"x"`:     Lambda,
		`{"awslogs":{"data":"H4sI"}}`:         Lambda,
		`{"time":"t","type":"platform.start"`: Lambda,
		"START RequestId: x Version: 1\n":     Lambda,
		`{"something":"else"}`:                CloudTrail,
		"plain text":                          Lambda,
	} {
		if got := sniff([]byte(in)); got != want {
			t.Errorf("sniff(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestLogCatalogs checks the Lambda-log detections carry what the
// CloudTrail ones do, and that no ID is used twice across catalogs.
func TestLogCatalogs(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range detect.All() {
		seen[d.ID] = true
	}
	for _, d := range append(append([]*detect.Detection{}, LambdaDetections...), AnomalyDetections...) {
		if seen[d.ID] {
			t.Errorf("%s: ID used twice", d.ID)
		}
		seen[d.ID] = true
		if d.Title == "" || len(d.Rationale) < 80 || d.Remediation == "" || len(d.References) == 0 {
			t.Errorf("%s: title, rationale, remediation and references are required", d.ID)
		}
	}
}

// FuzzAnalyze feeds arbitrary bytes, compressed or not, through the
// recognition of the input's kind and both readers.
func FuzzAnalyze(f *testing.F) {
	for _, p := range []string{"dir/trail.json", "dir/sub/trail.json.gz", "dir/sub/fn.log", "dir/eventbridge.json", "dir/digest.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Analyze([]string{StdinName}, strings.NewReader(string(data)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Files != 1 || res.Malformed < 0 {
			t.Fatalf("%+v", res)
		}
	})
}
