// Package lambdamode runs slsguard as an AWS Lambda function subscribed to
// CloudWatch Logs: each invocation carries a subscription payload (Lambda
// function logs, or CloudTrail delivered to a log group), which goes
// through the same detections as the command line, and the alerts go to
// the configured outputs. Run it with Start from the binary's main path
// when the Lambda runtime starts it.
package lambdamode

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/slsguard/slsguard/internal/logs/detect"
	"github.com/slsguard/slsguard/internal/logs/watch"
)

// Handler handles subscription events.
type Handler struct {
	Proc *watch.Processor
	// Emit delivers the alerts of one invocation; an error fails the
	// invocation, so that Lambda retries it and finally sends it to the
	// dead-letter queue instead of losing the alerts.
	Emit func(ctx context.Context, alerts []detect.Alert) error
}

// Result is the invocation's response: a summary for the logs.
type Result struct {
	LogGroup string `json:"logGroup"`
	Events   int    `json:"events"`
	Alerts   int    `json:"alerts"`
}

// Handle processes one subscription event.
func (h *Handler) Handle(ctx context.Context, ev events.CloudwatchLogsEvent) (Result, error) {
	data, err := ev.AWSLogs.Parse()
	if err != nil {
		return Result{}, fmt.Errorf("subscription payload: %w", err)
	}
	res := Result{LogGroup: data.LogGroup, Events: len(data.LogEvents)}
	if data.MessageType == "CONTROL_MESSAGE" {
		return res, nil // CloudWatch Logs checking that the destination is reachable
	}
	name := "cloudwatch:" + data.LogGroup + "/" + data.LogStream
	var alerts []detect.Alert
	if strings.HasPrefix(data.LogGroup, "/aws/lambda/") {
		raw, err := json.Marshal(ev)
		if err != nil {
			return res, err
		}
		alerts, err = h.Proc.FeedRecord(name, raw)
		if err != nil {
			return res, err
		}
	} else {
		// Another log group: CloudTrail delivers one record per log event.
		var b strings.Builder
		for _, le := range data.LogEvents {
			b.WriteString(strings.TrimSpace(le.Message))
			b.WriteByte('\n')
		}
		alerts, err = h.Proc.FeedRecord(name, []byte(b.String()))
		if err != nil {
			return res, err
		}
	}
	res.Alerts = len(alerts)
	if len(alerts) > 0 && h.Emit != nil {
		if err := h.Emit(ctx, alerts); err != nil {
			return res, err
		}
	}
	return res, nil
}

// Start runs the Lambda runtime loop with h until the process ends. It
// does not return.
func Start(h *Handler) {
	lambda.Start(h.Handle)
}
