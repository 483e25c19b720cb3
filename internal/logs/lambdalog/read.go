package lambdalog

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// Stats counts what Read saw.
type Stats struct {
	Messages  int // log messages read
	Malformed int
	Samples   []string // the first few problems, with their location
}

const maxSamples = 5

func (st *Stats) bad(format string, args ...any) {
	st.Malformed++
	if len(st.Samples) < maxSamples {
		st.Samples = append(st.Samples, fmt.Sprintf(format, args...))
	}
}

// maxLine bounds one line of text input.
const maxLine = 16 << 20

// Read streams the Lambda log messages of r, read from file, calling fn
// for each in input order. The error is for input that cannot be read on.
// The Event fn gets is reused for the next message, so that a line costs
// no allocation beyond its text: fn copies it (*ev) to keep it.
func Read(r io.Reader, file string, fn func(*Event)) (Stats, error) {
	var st Stats
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	first, _, _ := bytes.Cut(t, []byte{'\n'})
	first = bytes.TrimSpace(first)
	if len(t) > 0 && t[0] == '{' && !(len(first) > 1 && first[len(first)-1] == '}') {
		// One JSON document: filter-log-events output or a payload.
		return st, readDocument(br, file, "", &st, fn)
	}
	return st, readLines(br, file, &st, fn)
}

func readLines(r io.Reader, file string, st *Stats, fn func(*Event)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	line := 0
	var ev Event
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if b[0] == '{' && (bytes.Contains(b, []byte(`"logEvents"`)) || bytes.Contains(b, []byte(`"awslogs"`))) {
			// Payloads one per line, as Firehose delivers them.
			if err := readDocument(bytes.NewReader(b), fmt.Sprintf("%s:%d", file, line), "", st, fn); err != nil {
				st.bad("%s:%d: %v", file, line, err)
			}
			continue
		}
		st.Messages++
		ev = Parse(string(b))
		ev.Loc = Loc{File: file, Line: line}
		fn(&ev)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", line+1, err)
	}
	return nil
}

// logEvent is one event of filter-log-events output or of a subscription
// payload.
type logEvent struct {
	Message   string `json:"message"`
	Timestamp int64  `json:"timestamp"`
	LogGroup  string `json:"logGroupName"`
}

// readDocument walks one JSON object, reading its events and following an
// encoded awslogs payload.
func readDocument(r io.Reader, file, function string, st *Stats, fn func(*Event)) error {
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("not a JSON object (%v)", err)
	}
	idx := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch key, _ := tok.(string); key {
		case "logGroup":
			var g string
			if err := dec.Decode(&g); err != nil {
				return err
			}
			function = functionOfGroup(g)
		case "events", "logEvents":
			if err := readEvents(dec, file, function, &idx, st, fn); err != nil {
				return err
			}
		case "awslogs":
			var a struct{ Data string }
			if err := dec.Decode(&a); err != nil {
				return err
			}
			if err := readPayload(a.Data, file, st, fn); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
	}
	return nil
}

func readEvents(dec *json.Decoder, file, function string, idx *int, st *Stats, fn func(*Event)) error {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return fmt.Errorf("events: not an array (%v)", err)
	}
	var ev Event
	for dec.More() {
		var le logEvent
		if err := dec.Decode(&le); err != nil {
			return fmt.Errorf("event %d: %w", *idx, err)
		}
		st.Messages++
		ev = Parse(le.Message)
		ev.Timestamp = le.Timestamp
		ev.Function = function
		if le.LogGroup != "" {
			ev.Function = functionOfGroup(le.LogGroup)
		}
		ev.Loc = Loc{File: file, Index: *idx}
		*idx++
		fn(&ev)
	}
	_, err := dec.Token()
	return err
}

// readPayload decodes a subscription filter's base64 gzip data.
func readPayload(data, file string, st *Stats, fn func(*Event)) error {
	raw := base64.NewDecoder(base64.StdEncoding, strings.NewReader(data))
	zr, err := gzip.NewReader(raw)
	if err != nil {
		return fmt.Errorf("awslogs data: %w", err)
	}
	defer zr.Close()
	return readDocument(zr, file, "", st, fn)
}

// functionOfGroup names the function of a /aws/lambda/NAME log group.
func functionOfGroup(g string) string {
	name, ok := strings.CutPrefix(g, "/aws/lambda/")
	if !ok {
		return ""
	}
	return name
}
