package firehose

import (
	"bytes"
	"net/http/httptest"
	"testing"
)

// BenchmarkHandler measures a gzip delivery of 500 CloudTrail records
// through the protocol layer (decompression, JSON, base64), without the
// detections.
func BenchmarkHandler(b *testing.B) {
	recs := make([][]byte, 500)
	for i := range recs {
		recs[i] = []byte(stopLogging)
	}
	body := gzipped(b, delivery("r1", recs...))
	h := &Handler{Key: key, Now: clock, Feed: func(string, []byte) error { return nil }}
	b.SetBytes(int64(len(delivery("r1", recs...))))
	for b.Loop() {
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header.Set("X-Amz-Firehose-Access-Key", key)
		req.Header.Set("Content-Encoding", "gzip")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
