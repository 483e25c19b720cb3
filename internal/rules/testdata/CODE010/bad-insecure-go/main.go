package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func newClient() *http.Client {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	cfg.InsecureSkipVerify = true // want CODE010
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

var client = newClient()

var legacy = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} // want CODE010

func handle(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		resp, err := client.Post("https://partner.example.com/sync", "application/json", bytes.NewBufferString(record.Body))
		if err != nil {
			return err
		}
		resp.Body.Close()
	}
	_, err := legacy.Get("https://legacy.example.com/ping")
	return err
}

func main() {
	lambda.Start(handle)
}
