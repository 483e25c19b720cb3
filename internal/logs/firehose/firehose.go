// Package firehose receives Amazon Data Firehose HTTP endpoint deliveries:
// it checks the access key, decodes the request (gzip or not), hands each
// record's data to the analysis, and answers in the format Firehose
// expects, so that Firehose retries what failed and nothing else.
//
// The protocol is AWS's "HTTP endpoint delivery request and response
// specifications": a POST of {"requestId", "timestamp", "records":
// [{"data": base64}]}, the key in X-Amz-Firehose-Access-Key, and a JSON
// response {"requestId", "timestamp"} (with "errorMessage" on failure).
package firehose

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/valyala/fastjson"
)

// Handler serves the delivery endpoint.
type Handler struct {
	// Key is the access key configured on the delivery stream; empty
	// refuses every request, so that a missing key is never "no auth".
	Key string
	// Feed receives each record's decoded data. A returned error is a
	// failure of the record itself (malformed data): it goes to Problem,
	// and the delivery still succeeds, because a retry would fail alike.
	Feed func(name string, data []byte) error
	// Problem receives what went wrong with single records.
	Problem func(error)
	// Now stamps responses; nil means time.Now.
	Now func() time.Time
	// MaxBody bounds the decompressed request body; 0 means 64 MiB, above
	// Firehose's largest buffer.
	MaxBody int64
}

// request is the delivery body: {"requestId", "timestamp", "records":
// [{"data": base64}]}, with the records' data still encoded.
type request struct {
	RequestID string
	Records   [][]byte
}

type response struct {
	RequestID    string `json:"requestId"`
	Timestamp    int64  `json:"timestamp"`
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// ServeHTTP handles one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-Amz-Firehose-Request-Id")
	if r.Method != http.MethodPost {
		h.reply(w, http.StatusMethodNotAllowed, id, "POST only")
		return
	}
	got := []byte(r.Header.Get("X-Amz-Firehose-Access-Key"))
	if h.Key == "" || subtle.ConstantTimeCompare(got, []byte(h.Key)) != 1 {
		h.reply(w, http.StatusUnauthorized, id, "invalid access key")
		return
	}
	req, status, err := h.decode(r)
	if req != nil && req.RequestID != "" {
		id = req.RequestID
	}
	if err != nil {
		h.reply(w, status, id, err.Error())
		return
	}
	var buf []byte
	for i, rec := range req.Records {
		buf = slices.Grow(buf[:0], base64.StdEncoding.DecodedLen(len(rec)))[:base64.StdEncoding.DecodedLen(len(rec))]
		n, err := base64.StdEncoding.Decode(buf, rec)
		if err == nil {
			err = h.Feed(fmt.Sprintf("firehose:%s/%d", id, i), buf[:n])
		}
		if err != nil && h.Problem != nil {
			h.Problem(fmt.Errorf("firehose request %s record %d: %w", id, i, err))
		}
	}
	h.reply(w, http.StatusOK, id, "")
}

func (h *Handler) decode(r *http.Request) (*request, int, error) {
	limit := h.MaxBody
	if limit <= 0 {
		limit = 64 << 20
	}
	var body io.Reader = http.MaxBytesReader(nil, r.Body, limit)
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("gzip body: %v", err)
		}
		defer zr.Close()
		body = zr
	default:
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("unsupported content encoding %q", enc)
	}
	b, err := io.ReadAll(io.LimitReader(body, limit+1))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || int64(len(b)) > limit {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("body larger than %d bytes", limit)
	}
	if err != nil {
		return nil, http.StatusBadRequest, fmt.Errorf("read body: %v", err)
	}
	req, err := parse(b)
	if err != nil {
		return req, http.StatusBadRequest, err
	}
	return req, http.StatusOK, nil
}

// parse reads the delivery with fastjson: encoding/json made the protocol
// layer several times slower than the detections behind it.
func parse(b []byte) (*request, error) {
	var p fastjson.Parser
	v, err := p.ParseBytes(b)
	if err != nil {
		return nil, fmt.Errorf("body is not a Firehose delivery: %v", err)
	}
	req := &request{RequestID: string(v.GetStringBytes("requestId"))}
	if req.RequestID == "" {
		return req, errors.New("body has no requestId")
	}
	recs := v.Get("records")
	if recs == nil || recs.Type() != fastjson.TypeArray {
		return req, errors.New("body has no records array")
	}
	for i, r := range recs.GetArray() {
		d := r.Get("data")
		if d == nil || d.Type() != fastjson.TypeString {
			return req, fmt.Errorf("record %d has no data string", i)
		}
		req.Records = append(req.Records, d.GetStringBytes())
	}
	return req, nil
}

func (h *Handler) reply(w http.ResponseWriter, status int, id, msg string) {
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(response{RequestID: id, Timestamp: now().UnixMilli(), ErrorMessage: msg})
}
