package logs

import (
	"bufio"
	"bytes"
	"io"

	"github.com/klauspost/compress/gzip"
)

// input is one file's content, decompressed, with its first bytes
// available for recognising its kind.
type input struct {
	*bufio.Reader
	zr *gzip.Reader
}

const sniffSize = 64 << 10

// open decompresses r when it is gzip (S3 delivers CloudTrail that way).
func open(r io.Reader) (*input, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	magic, _ := br.Peek(2)
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return &input{Reader: br}, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	return &input{Reader: bufio.NewReaderSize(zr, sniffSize), zr: zr}, nil
}

func (in *input) head() []byte {
	b, _ := in.Peek(sniffSize)
	return b
}

func (in *input) Close() error {
	if in.zr != nil {
		return in.zr.Close()
	}
	return nil
}

// Sniff says what kind of log a file holds from its first bytes
// (decompressed): CloudTrail, Lambda, Metrics, or another value for inputs
// that hold no events (CloudTrail digest files).
func Sniff(head []byte) Kind { return sniff(head) }

// sniff recognises Lambda logs by their markers; JSON without them is
// taken for CloudTrail, and other text for Lambda log lines. Metric stream
// records are recognised by their snake_case field names, get-metric-data
// output by its MetricDataResults. CloudTrail digest files, which S3
// stores beside the logs, are recognised so that walking a bucket export
// does not count them as malformed.
func sniff(head []byte) Kind {
	if bytes.Contains(head, []byte(`"digestPublicKeyFingerprint"`)) {
		return digest
	}
	for _, m := range []string{`"eventSource"`, `"eventVersion"`, `"Records"`, `"eventName"`} {
		if bytes.Contains(head, []byte(m)) {
			return CloudTrail
		}
	}
	if bytes.Contains(head, []byte(`"metric_stream_name"`)) || bytes.Contains(head, metricDataMarker) ||
		(bytes.Contains(head, []byte(`"metric_name"`)) && bytes.Contains(head, []byte(`"namespace"`))) {
		return Metrics
	}
	for _, m := range []string{`"logEvents"`, `"awslogs"`, `"logStreamName"`, `"platform.`, "RequestId:"} {
		if bytes.Contains(head, []byte(m)) {
			return Lambda
		}
	}
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return CloudTrail
	}
	return Lambda
}
