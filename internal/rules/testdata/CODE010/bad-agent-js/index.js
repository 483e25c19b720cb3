'use strict';

const https = require('https');
const axios = require('axios');

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // want CODE010

const agent = new https.Agent({
  keepAlive: true,
  rejectUnauthorized: false, // want CODE010
});

exports.handler = async (event) => {
  for (const record of event.Records) {
    await axios.post('https://partner.example.com/sync', JSON.parse(record.body), { httpsAgent: agent });
  }
  return { batchItemFailures: [] };
};
