package logs

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPayloadCorpusEvents logs every sample trigger event of the shared
// corpus (API Gateway, S3, SQS, SNS, EventBridge... from the AWS Lambda
// developer guide and the Serverless examples) the way a function does
// with console.log(JSON.stringify(event)): none is an attack.
func TestPayloadCorpusEvents(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	var files []string
	for _, dir := range []string{"aws-lambda-developer-guide", "serverless-examples"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") && strings.Contains(p, "event") {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Skipf("corpus not found at %s: no sample events", root)
	}
	var s payloadScanner
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c bytes.Buffer
		if json.Compact(&c, b) != nil {
			continue
		}
		n++
		msg := nodePrefix + c.String()
		if h, ok := s.scan(msg); ok {
			t.Errorf("%s: %v in %q", f, h.class, excerpt(h.value, h.at))
		}
	}
	t.Logf("%d sample events scanned", n)
}
