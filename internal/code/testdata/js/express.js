const express = require('express');
const serverless = require('serverless-http');
const { exec } = require('child_process');

const app = express();

app.get('/ping', (req, res) => {
  exec('ping -c 1 ' + req.query.host, (err, out) => res.send(out)); // want command-injection
});

app.get('/health', (req, res) => {
  res.send('ok');
});

module.exports.handler = serverless(app);
