package main

import (
	"context"
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/golang-jwt/jwt/v5"
)

var db *sql.DB

type request struct {
	Host string `json:"host"`
	ID   string `json:"id"`
}

var client = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} // want tls-verification-disabled

func lookup(id string) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT * FROM t WHERE id = '%s'", id)
	return db.Query(q) // want sql-injection
}

func handle(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	var req request
	if err := json.Unmarshal([]byte(event.Body), &req); err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	out, _ := exec.Command("sh", "-c", "ping -c 1 "+req.Host).Output() // want command-injection
	lookup(req.ID)
	resp, _ := http.Get(event.QueryStringParameters["url"])                                       // want ssrf
	data, _ := os.ReadFile("/tmp/" + event.PathParameters["file"])                                // want path-traversal
	log.Printf("event: %+v", event)                                                               // want sensitive-logging
	tok, _, _ := jwt.NewParser().ParseUnverified(event.Headers["Authorization"], jwt.MapClaims{}) // want jwt-unverified

	// good
	exec.Command("ping", "-c", "1", req.Host).Run()
	db.Query("SELECT * FROM t WHERE id = $1", req.ID)
	http.Get("https://api.example.com/items/" + req.ID)
	os.ReadFile(filepath.Join("/tmp", filepath.Base(event.PathParameters["file"])))
	n, _ := strconv.Atoi(req.ID)
	db.Query(fmt.Sprintf("SELECT * FROM t LIMIT %d", n))
	log.Printf("request %s", event.RequestContext.RequestID)
	_ = tok
	return events.APIGatewayProxyResponse{Body: string(out) + string(data) + resp.Status}, nil
}

func main() {
	lambda.Start(handle)
}
