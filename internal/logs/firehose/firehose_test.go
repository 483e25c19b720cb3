package firehose

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
)

const key = "k3y-for-tests"

var clock = func() time.Time { return time.UnixMilli(1772323200000) }

func gzipped(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type record struct {
	Data string `json:"data"`
}

func delivery(id string, records ...[]byte) []byte {
	req := struct {
		RequestID string   `json:"requestId"`
		Timestamp int64    `json:"timestamp"`
		Records   []record `json:"records"`
	}{RequestID: id, Timestamp: 1772323200000, Records: []record{}}
	for _, r := range records {
		req.Records = append(req.Records, record{base64.StdEncoding.EncodeToString(r)})
	}
	b, _ := json.Marshal(req)
	return b
}

type fed struct {
	mu       sync.Mutex
	names    []string
	data     []string
	problems []string
}

func newServer(t *testing.T, f *fed) *httptest.Server {
	h := &Handler{Key: key, Now: clock, MaxBody: 1 << 20,
		Feed: func(name string, data []byte) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.names, f.data = append(f.names, name), append(f.data, string(data))
			if string(data) == "bad" {
				return errors.New("malformed")
			}
			return nil
		},
		Problem: func(err error) { f.mu.Lock(); f.problems = append(f.problems, err.Error()); f.mu.Unlock() },
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestDelivery(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 2<<20)
	tests := []struct {
		name     string
		key      string
		method   string
		encoding string
		body     []byte
		status   int
		resp     response
		feeds    []string
	}{
		{"ok", key, "POST", "", delivery("r1", []byte("one"), []byte("two")), 200,
			response{RequestID: "r1", Timestamp: 1772323200000}, []string{"one", "two"}},
		{"gzip body", key, "POST", "gzip", delivery("r2", []byte("one")), 200,
			response{RequestID: "r2", Timestamp: 1772323200000}, []string{"one"}},
		{"bad record still accepted", key, "POST", "", delivery("r3", []byte("bad")), 200,
			response{RequestID: "r3", Timestamp: 1772323200000}, []string{"bad"}},
		{"wrong key", "nope", "POST", "", delivery("r4", []byte("one")), 401,
			response{RequestID: "hdr", Timestamp: 1772323200000, ErrorMessage: "invalid access key"}, nil},
		{"no key", "", "POST", "", delivery("r5", []byte("one")), 401,
			response{RequestID: "hdr", Timestamp: 1772323200000, ErrorMessage: "invalid access key"}, nil},
		{"GET", key, "GET", "", nil, 405,
			response{RequestID: "hdr", Timestamp: 1772323200000, ErrorMessage: "POST only"}, nil},
		{"not JSON", key, "POST", "", []byte("{"), 400,
			response{RequestID: "hdr", Timestamp: 1772323200000, ErrorMessage: "body is not a Firehose delivery: cannot parse JSON: cannot parse object: missing '}'; unparsed tail: \"\""}, nil},
		{"too large", key, "POST", "gzip", big, 413,
			response{RequestID: "hdr", Timestamp: 1772323200000, ErrorMessage: "body larger than 1048576 bytes"}, nil},
		{"records not an array", key, "POST", "", []byte(`{"requestId":"r7","records":{}}`), 400,
			response{RequestID: "r7", Timestamp: 1772323200000, ErrorMessage: "body has no records array"}, nil},
		{"record without data", key, "POST", "", []byte(`{"requestId":"r8","records":[{"data":1}]}`), 400,
			response{RequestID: "r8", Timestamp: 1772323200000, ErrorMessage: "record 0 has no data string"}, nil},
		{"bad base64", key, "POST", "", []byte(`{"requestId":"r9","records":[{"data":"!!"}]}`), 200,
			response{RequestID: "r9", Timestamp: 1772323200000}, nil},
		{"unknown encoding", key, "POST", "br", delivery("r6"), 415,
			response{RequestID: "hdr", Timestamp: 1772323200000, ErrorMessage: `unsupported content encoding "br"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fed{}
			srv := newServer(t, f)
			body := tt.body
			if tt.encoding == "gzip" {
				body = gzipped(t, body)
			}
			req, _ := http.NewRequest(tt.method, srv.URL, bytes.NewReader(body))
			req.Header.Set("X-Amz-Firehose-Request-Id", "hdr")
			req.Header.Set("X-Amz-Firehose-Protocol-Version", "1.0")
			req.Header.Set("Content-Type", "application/json")
			if tt.key != "" {
				req.Header.Set("X-Amz-Firehose-Access-Key", tt.key)
			}
			if tt.encoding != "" {
				req.Header.Set("Content-Encoding", tt.encoding)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var got response
			b, _ := io.ReadAll(resp.Body)
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("response %q: %v", b, err)
			}
			if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("status %d %q, want %d application/json", resp.StatusCode, resp.Header.Get("Content-Type"), tt.status)
			}
			if d := cmp.Diff(tt.resp, got); d != "" {
				t.Errorf("response (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.feeds, f.data); d != "" {
				t.Errorf("records fed (-want +got):\n%s", d)
			}
			if tt.name == "bad record still accepted" && (len(f.problems) != 1 || !strings.Contains(f.problems[0], "record 0: malformed")) {
				t.Errorf("problems = %q", f.problems)
			}
		})
	}
}

func FuzzHandler(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, false)
		f.Add(b, true)
	}
	f.Add(delivery("r", []byte("x")), false)
	f.Fuzz(func(t *testing.T, body []byte, gz bool) {
		h := &Handler{Key: key, Now: clock, MaxBody: 1 << 20, Feed: func(string, []byte) error { return nil }}
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header.Set("X-Amz-Firehose-Access-Key", key)
		if gz {
			req.Header.Set("Content-Encoding", "gzip")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var r response
		if err := json.Unmarshal(w.Body.Bytes(), &r); err != nil {
			t.Fatalf("response %q is not JSON: %v", w.Body.Bytes(), err)
		}
		if (w.Code == 200) != (r.ErrorMessage == "") {
			t.Fatalf("status %d with error message %q", w.Code, r.ErrorMessage)
		}
	})
}
