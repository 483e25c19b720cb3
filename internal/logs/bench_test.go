package logs

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/slsguard/slsguard/internal/logs/detect"
)

// benchTemplates reads the real CloudTrail records of the shared corpus
// (Stratus Red Team detonations and the OTRF dataset), split into those a
// detection looks at and the rest.
func benchTemplates(tb testing.TB) (benign, attack [][]byte) {
	tb.Helper()
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	files, _ := filepath.Glob(filepath.Join(root, "stratus-red-team", "docs", "detonation-logs", "*.json"))
	if len(files) == 0 {
		tb.Skipf("corpus not found at %s", root)
	}
	watched := map[string]bool{}
	for _, d := range detect.All() {
		for _, n := range d.Events {
			watched[n] = true
		}
	}
	add := func(r json.RawMessage) {
		var head struct{ EventName string }
		if json.Unmarshal(r, &head) != nil {
			return
		}
		c, _ := json.Marshal(r) // compact, one line
		if watched[detect.BaseName(head.EventName)] {
			attack = append(attack, c)
		} else {
			benign = append(benign, c)
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var recs []json.RawMessage
		if err := json.Unmarshal(b, &recs); err != nil {
			tb.Fatal(err)
		}
		for _, r := range recs {
			add(r)
		}
	}
	if f, err := os.Open(filepath.Join(root, "otrf-aws", "unzipped", "ec2_proxy_s3_exfiltration_2020-09-14011940.json")); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			add(append([]byte(nil), sc.Bytes()...))
		}
		f.Close()
	}
	return benign, attack
}

// writeBenchInput writes about size bytes of NDJSON: benign records, with
// one record in 1,000 drawn from those the detections look at.
func writeBenchInput(tb testing.TB, path string, size int64) int64 {
	tb.Helper()
	benign, attack := benchTemplates(tb)
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var n int64
	for i := 0; n < size; i++ {
		r := benign[i%len(benign)]
		if i%1000 == 999 {
			r = attack[(i/1000)%len(attack)]
		}
		w.Write(r)
		w.WriteByte('\n')
		n += int64(len(r) + 1)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestWriteBenchInput writes the benchmark input to a file for
// side-by-side runs with other tools:
// SLSGUARD_BENCH_WRITE=/tmp/ct.ndjson:1024 (MB) go test -run TestWriteBenchInput
func TestWriteBenchInput(t *testing.T) {
	spec := os.Getenv("SLSGUARD_BENCH_WRITE")
	if spec == "" {
		t.Skip("set SLSGUARD_BENCH_WRITE=path:MB to write the benchmark input")
	}
	path, mb, _ := strings.Cut(spec, ":")
	size, err := strconv.Atoi(mb)
	if err != nil {
		t.Fatalf("SLSGUARD_BENCH_WRITE=%q: want path:MB", spec)
	}
	n := writeBenchInput(t, path, int64(size)<<20)
	t.Logf("wrote %d bytes to %s", n, path)
}

// BenchmarkAnalyze runs the whole pipeline (reading, parsing, every
// detection) over generated CloudTrail NDJSON; SLSGUARD_BENCH_MB sets its
// size (default 64).
func BenchmarkAnalyze(b *testing.B) {
	mb := 64
	if s := os.Getenv("SLSGUARD_BENCH_MB"); s != "" {
		mb, _ = strconv.Atoi(s)
	}
	path := filepath.Join(b.TempDir(), "cloudtrail.ndjson")
	n := writeBenchInput(b, path, int64(mb)<<20)
	b.SetBytes(n)
	b.ResetTimer()
	for range b.N {
		res, err := Analyze([]string{path}, nil, Options{Kind: CloudTrail})
		if err != nil || res.Malformed != 0 || len(res.Problems) != 0 {
			b.Fatal(err, res.Malformed, res.Problems)
		}
		if len(res.Alerts) == 0 {
			b.Fatal("no alerts")
		}
	}
}
