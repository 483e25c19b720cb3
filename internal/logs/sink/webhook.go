// Package sink delivers alerts outside slsguard as they are raised: to a
// webhook, as generic JSON or as a Slack-compatible message, with bounded
// retries and timeouts so that a slow or failing receiver cannot stall the
// analysis.
package sink

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/slsguard/slsguard/internal/logs/detect"
)

// Formats of the webhook body.
const (
	FormatJSON  = "json"
	FormatSlack = "slack"
)

// Webhook posts alerts to a URL.
type Webhook struct {
	url    string
	format string
	// Client does the requests; its Timeout bounds each attempt.
	Client *http.Client
	// Attempts is how many times a delivery is tried in all.
	Attempts int
	// Backoff is the wait before the second attempt, doubled each time.
	Backoff time.Duration
}

// maxBatch is how many alerts go in one message: Slack accepts at most
// 50 blocks per message.
const maxBatch = 40

// NewWebhook checks the URL and the format.
func NewWebhook(rawURL, format string) (*Webhook, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("webhook: want an http or https URL")
	}
	if format == "" {
		format = FormatJSON
	}
	if format != FormatJSON && format != FormatSlack {
		return nil, fmt.Errorf("webhook: unknown format %q (want json or slack)", format)
	}
	return &Webhook{
		url: rawURL, format: format,
		Client:   &http.Client{Timeout: 10 * time.Second},
		Attempts: 4, Backoff: 500 * time.Millisecond,
	}, nil
}

// Send delivers alerts, in batches. The error never contains the URL's
// path or query: webhook URLs are credentials.
func (w *Webhook) Send(ctx context.Context, alerts []detect.Alert) error {
	for i := 0; i < len(alerts); i += maxBatch {
		batch := alerts[i:min(i+maxBatch, len(alerts))]
		body, err := w.body(batch)
		if err != nil {
			return err
		}
		if err := w.post(ctx, body); err != nil {
			return err
		}
	}
	return nil
}

func (w *Webhook) body(alerts []detect.Alert) ([]byte, error) {
	if w.format == FormatSlack {
		return json.Marshal(slackMessage(alerts))
	}
	return json.Marshal(struct {
		Source string         `json:"source"`
		Alerts []detect.Alert `json:"alerts"`
	}{"slsguard", alerts})
}

// post tries the delivery up to Attempts times, retrying on network
// errors, 429 and 5xx; other statuses are the receiver refusing the
// message, which retrying will not change.
func (w *Webhook) post(ctx context.Context, body []byte) error {
	host := w.host()
	var last error
	wait := w.Backoff
	for attempt := 0; attempt < max(w.Attempts, 1); attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("webhook %s: %w (last error: %v)", host, ctx.Err(), last)
			case <-time.After(wait):
			}
			wait *= 2
		}
		retry, after, err := w.try(ctx, body)
		if err == nil {
			return nil
		}
		last = err
		if !retry {
			break
		}
		wait = max(wait, after)
	}
	return fmt.Errorf("webhook %s: %w", host, last)
}

// maxRetryAfter bounds how long a receiver's Retry-After can hold a
// delivery.
const maxRetryAfter = 30 * time.Second

// try makes one attempt; after is the wait a 429 or 503 asked for.
func (w *Webhook) try(ctx context.Context, body []byte) (retry bool, after time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return false, 0, errors.New("bad request")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "slsguard")
	resp, err := w.Client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL
		}
		return ctx.Err() == nil, 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 == 2 {
		return false, 0, nil
	}
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
		after = min(time.Duration(secs)*time.Second, maxRetryAfter)
	}
	return resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500, after,
		fmt.Errorf("status %s", resp.Status)
}

// host is what errors may say about the URL.
func (w *Webhook) host() string {
	u, err := url.Parse(w.url)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Scheme + "://" + u.Host
}

type slackText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type slackBlock struct {
	Type string     `json:"type"`
	Text *slackText `json:"text,omitempty"`
}

type slackMsg struct {
	Text   string       `json:"text"`
	Blocks []slackBlock `json:"blocks"`
}

func slackMessage(alerts []detect.Alert) slackMsg {
	m := slackMsg{Text: fmt.Sprintf("slsguard: %d alert%s", len(alerts), map[bool]string{true: "s"}[len(alerts) != 1])}
	m.Blocks = append(m.Blocks, slackBlock{Type: "header", Text: &slackText{"plain_text", m.Text}})
	for _, a := range alerts {
		var b strings.Builder
		fmt.Fprintf(&b, "*%s* [%s] %s\n%s", a.ID, a.Severity, slackEscape(a.Title), slackEscape(a.Message))
		if len(a.Evidence) > 0 {
			ev := a.Evidence[len(a.Evidence)-1]
			fmt.Fprintf(&b, "\n%s %s by %s", slackEscape(ev.Time), slackEscape(ev.Event), slackEscape(ev.Principal))
		}
		text := b.String()
		if len(text) > 2900 { // Slack's limit for a section is 3000 characters
			text = text[:2900] + "…"
		}
		m.Blocks = append(m.Blocks, slackBlock{Type: "section", Text: &slackText{"mrkdwn", text}})
	}
	return m
}

// slackEscape escapes the three characters Slack's mrkdwn gives meaning
// to, so that log content cannot inject links or mentions.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
