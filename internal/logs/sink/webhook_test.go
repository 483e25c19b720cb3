package sink

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/finding"
	"github.com/slsguard/slsguard/internal/logs/detect"
)

var alerts = []detect.Alert{{
	ID: "LOG001", Title: "Function code updated", Severity: finding.High, Message: "by <!channel> & co",
	Evidence: []detect.Evidence{{Time: "2026-03-01T00:00:00Z", Event: "UpdateFunctionCode20150331v2", Principal: "arn:aws:iam::1:user/x"}},
}}

func TestWebhookRetries(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int
		wantErr  bool
		wantHits int32
	}{
		{"ok", []int{200}, false, 1},
		{"retry 503 then ok", []int{503, 429, 204}, false, 3},
		{"give up after attempts", []int{500, 500, 500, 500, 500}, true, 4},
		{"no retry on 400", []int{400, 200}, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := hits.Add(1)
				w.WriteHeader(tt.statuses[min(int(n)-1, len(tt.statuses)-1)])
			}))
			defer srv.Close()
			wh, err := NewWebhook(srv.URL+"/services/SECRET/TOKEN", "")
			if err != nil {
				t.Fatal(err)
			}
			wh.Backoff = time.Millisecond
			err = wh.Send(context.Background(), alerts)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Send error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error %q reveals the URL path", err)
			}
			if got := hits.Load(); got != tt.wantHits {
				t.Errorf("requests = %d, want %d", got, tt.wantHits)
			}
		})
	}
}

func TestWebhookRetryAfterIsBounded(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	wh, _ := NewWebhook(srv.URL, FormatJSON)
	wh.Backoff = time.Millisecond
	// The receiver asks for an hour; the caller's deadline wins.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := wh.Send(ctx, alerts)
	if err == nil || !strings.Contains(err.Error(), "context deadline exceeded") {
		t.Errorf("Send = %v, want the context's deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v", d)
	}
}

func TestWebhookTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	wh, _ := NewWebhook(srv.URL, FormatJSON)
	wh.Client.Timeout = 50 * time.Millisecond
	wh.Attempts, wh.Backoff = 2, time.Millisecond
	start := time.Now()
	if err := wh.Send(context.Background(), alerts); err == nil {
		t.Fatal("Send to a hanging receiver succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v, want it bounded by the timeouts", d)
	}
}

func TestWebhookBodies(t *testing.T) {
	tests := []struct {
		format string
		check  func(t *testing.T, body []byte)
	}{
		{FormatJSON, func(t *testing.T, body []byte) {
			var got struct {
				Source string         `json:"source"`
				Alerts []detect.Alert `json:"alerts"`
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(alerts, got.Alerts); got.Source != "slsguard" || d != "" {
				t.Errorf("source %q, alerts (-want +got):\n%s", got.Source, d)
			}
		}},
		{FormatSlack, func(t *testing.T, body []byte) {
			var got slackMsg
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			want := slackMsg{Text: "slsguard: 1 alert", Blocks: []slackBlock{
				{Type: "header", Text: &slackText{"plain_text", "slsguard: 1 alert"}},
				{Type: "section", Text: &slackText{"mrkdwn", "*LOG001* [high] Function code updated\nby &lt;!channel&gt; &amp; co\n2026-03-01T00:00:00Z UpdateFunctionCode20150331v2 by arn:aws:iam::1:user/x"}},
			}}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("slack message (-want +got):\n%s", d)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var body []byte
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
				}
				body, _ = io.ReadAll(r.Body)
			}))
			defer srv.Close()
			wh, err := NewWebhook(srv.URL, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if err := wh.Send(context.Background(), alerts); err != nil {
				t.Fatal(err)
			}
			tt.check(t, body)
		})
	}
}

func TestNewWebhookRejects(t *testing.T) {
	for _, tc := range []struct{ url, format string }{{"ftp://x", ""}, {"not a url", ""}, {"https://x", "xml"}} {
		if _, err := NewWebhook(tc.url, tc.format); err == nil {
			t.Errorf("NewWebhook(%q, %q) succeeded", tc.url, tc.format)
		}
	}
}
