package main

import (
	"context"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type handler struct {
	client *s3.Client
	queue  *sqs.Client
}

var bucket = os.Getenv("BUCKET")

func (h *handler) handle(ctx context.Context) error {
	_, err := h.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("k")})
	if err != nil {
		return err
	}
	_, err = h.queue.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(os.Getenv("QUEUE_URL"))})
	p := s3.NewListObjectsV2Paginator(h.client, &s3.ListObjectsV2Input{Bucket: aws.String("logs")})
	_ = p
	return err
}

func main() {
	cfg, _ := config.LoadDefaultConfig(context.Background())
	h := &handler{client: s3.NewFromConfig(cfg), queue: sqs.NewFromConfig(cfg)}
	lambda.Start(h.handle)
}
