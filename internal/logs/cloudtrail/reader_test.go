package cloudtrail

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type brief struct {
	Name, Time, Principal, Issuer, UA string
	Index, Line                       int
	Params                            string
}

func readAll(t *testing.T, data []byte, opt Options) ([]brief, Stats, error) {
	t.Helper()
	var out []brief
	st, err := Read(bytes.NewReader(data), "f", opt, func(r *Record) {
		// Records are only valid during the callback.
		c := strings.Clone
		out = append(out, brief{c(r.EventName), c(r.EventTime), c(r.Identity.ARN), c(r.Identity.IssuerARN), c(r.UserAgent), r.Loc.Index, r.Loc.Line, string(r.Params)})
	})
	return out, st, err
}

func all(string, string) bool { return true }

func TestShapes(t *testing.T) {
	tests := []struct {
		file      string
		want      []brief
		malformed []Malformed
	}{
		{"delivery.json", []brief{
			{Name: "UpdateFunctionCode20150331v2", Time: "2026-03-02T10:00:00Z", Principal: "arn:aws:iam::111122223333:user/bob",
				UA: `aws-cli/2.15.0 "quoted" {brace} [bracket]`, Index: 0, Line: 3, Params: `{"functionName":"orders","publish":true}`},
			{Name: "GetObject", Time: "2026-03-02T10:00:01Z", Principal: "arn:aws:sts::111122223333:assumed-role/r/s",
				Issuer: "arn:aws:iam::111122223333:role/r", Index: 1, Line: 13, Params: `{"bucketName":"b\\\"}","key":"a\nb"}`},
		}, []Malformed{{Loc{"f", 2, 22}, errNoEventName.Error()}}},
		{"lines.ndjson", []brief{
			{Name: "ListRoles", Time: "2026-03-02T10:00:00Z", Principal: "arn:aws:iam::1:user/a", Index: 0, Line: 1},
			{Name: "AssumeRole", Time: "2026-03-02T10:00:02.000Z", Index: 3, Line: 5},
		}, nil},
		{"array.json", []brief{
			{Name: "StopLogging", Time: "2026-03-02T10:00:00Z", Principal: "arn:aws:iam::1:root", Index: 0, Line: 1},
			{Name: "DeleteTrail", Time: "2026-03-02T10:00:01Z", Index: 1, Line: 2},
		}, nil},
	}
	for _, tc := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		got, st, err := readAll(t, data, Options{Want: all})
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
		}
		if tc.file == "lines.ndjson" {
			for i := range got {
				got[i].Params = "" // not kept: no requestParameters
			}
			if st.Malformed != 2 || len(st.Samples) != 2 || st.Samples[0].Loc.Line != 3 || st.Samples[1].Loc.Line != 4 {
				t.Errorf("%s: malformed %d %+v, want lines 3 and 4", tc.file, st.Malformed, st.Samples)
			}
		} else if diff := cmp.Diff(tc.malformed, st.Samples); diff != "" {
			t.Errorf("%s: malformed (-want +got):\n%s", tc.file, diff)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, diff)
		}
	}
}

// TestBlocks crosses many block boundaries in every shape and checks that
// records come back complete, once, and in order.
func TestBlocks(t *testing.T) {
	const n = 20000
	var recs []string
	for i := range n {
		recs = append(recs, fmt.Sprintf(`{"eventName":"E%d","eventSource":"s","userAgent":"%s","requestParameters":{"k":"}]\"["}}`, i, strings.Repeat("x", i%300)))
	}
	shapes := map[string]string{
		"ndjson":  strings.Join(recs, "\n") + "\n",
		"array":   "[" + strings.Join(recs, ",\n") + "]",
		"records": `{"Records":[` + strings.Join(recs, ",") + "]}",
		"objects": "{\n" + strings.Join(recs, "\n")[1:],
	}
	for name, in := range shapes {
		for _, workers := range []int{1, 3} {
			got, st, err := readAll(t, []byte(in), Options{Workers: workers})
			if err != nil || st.Records != n || st.Malformed != 0 {
				t.Fatalf("%s/%d: %d records, %d malformed, err %v", name, workers, st.Records, st.Malformed, err)
			}
			for i, b := range got {
				if b.Name != fmt.Sprintf("E%d", i) || b.Index != i || len(b.UA) != i%300 {
					t.Fatalf("%s/%d: record %d = %+v", name, workers, i, b)
				}
			}
		}
	}
}

func TestBrokenInput(t *testing.T) {
	for _, in := range []string{`[{"eventName":"A"}`, `{"Records":[{"eventName":"A"},{"eventName":`, `[{"eventName":"A"}]]`} {
		_, _, err := readAll(t, []byte(in), Options{})
		if err == nil {
			t.Errorf("Read(%q): no error", in)
		}
	}
}

func TestNotJSON(t *testing.T) {
	_, st, err := readAll(t, []byte("]]]\nplain text\n"), Options{})
	if err != nil || st.Records != 0 || st.Malformed != 2 {
		t.Errorf("text input: %d records, %d malformed, err %v; want 2 malformed lines", st.Records, st.Malformed, err)
	}
}

// FuzzRead checks that no input crashes or hangs the reader, and that a
// well-formed JSON array is read whole.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"delivery.json", "lines.ndjson", "array.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		st, err := Read(bytes.NewReader(data), "f", Options{Want: all, KeepRaw: true}, func(r *Record) {
			n++
			// fastjson is lenient with escapes, so Raw need not be
			// strict JSON, but it is always one whole object.
			raw := bytes.TrimSpace(r.Raw)
			if len(raw) < 2 || raw[0] != '{' || raw[len(raw)-1] != '}' {
				t.Fatalf("record %d: raw is not an object: %q", r.Loc.Index, r.Raw)
			}
		})
		if n != st.Records {
			t.Fatalf("%d callbacks, %d records", n, st.Records)
		}
		var arr []json.RawMessage
		if err == nil || json.Unmarshal(data, &arr) != nil {
			return
		}
		t.Fatalf("valid array read with error %v", err)
	})
}
