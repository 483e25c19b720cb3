'use strict';

const fs = require('fs');
const https = require('https');
const axios = require('axios');

const agent = new https.Agent({
  keepAlive: true,
  rejectUnauthorized: true,
  ca: fs.readFileSync('/opt/certs/partner-ca.pem'),
});

exports.handler = async (event) => {
  for (const record of event.Records) {
    await axios.post('https://partner.example.com/sync', JSON.parse(record.body), { httpsAgent: agent });
  }
  return { batchItemFailures: [] };
};
