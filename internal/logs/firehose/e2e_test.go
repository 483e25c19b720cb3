package firehose

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/watch"
)

const stopLogging = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/mallory","accountId":"123456789012"},"eventTime":"2026-03-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0","requestParameters":{"name":"main"},"recipientAccountId":"123456789012"}`

// TestDeliveryToDetections sends what Firehose sends for a CloudWatch Logs
// subscription (each record a gzip payload) and for CloudTrail records,
// through the handler to the detections.
func TestDeliveryToDetections(t *testing.T) {
	cwl, _ := json.Marshal(map[string]any{
		"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": "/aws/lambda/orders",
		"logStream": "s", "subscriptionFilters": []string{"f"},
		"logEvents": []map[string]any{{"id": "1", "timestamp": 1772359203000,
			"message": "2026-03-01T10:00:03.000Z 3f2a4b6c-0000-4000-8000-000000000001 Task timed out after 3.00 seconds"}},
	})
	proc := watch.NewProcessor(detect.Config{}, nil)
	var mu sync.Mutex
	var ids []string
	h := &Handler{Key: key, Now: clock, Feed: func(name string, data []byte) error {
		as, err := proc.FeedRecord(name, data)
		mu.Lock()
		for _, a := range as {
			ids = append(ids, a.ID)
		}
		mu.Unlock()
		return err
	}, Problem: func(err error) { t.Error(err) }}
	srv := httptest.NewServer(h)
	defer srv.Close()
	body := gzipped(t, delivery("r1", gzipped(t, cwl), []byte(stopLogging)))
	req, _ := http.NewRequest("POST", srv.URL, bytes.NewReader(body))
	req.Header.Set("X-Amz-Firehose-Access-Key", key)
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if d := cmp.Diff([]string{"LOG101", "LOG007"}, ids); d != "" {
		t.Errorf("alerts (-want +got):\n%s", d)
	}
}
