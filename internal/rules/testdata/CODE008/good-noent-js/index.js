'use strict';

const libxmljs = require('libxmljs');

exports.handler = async (event) => {
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body;
  const doc = libxmljs.parseXml(body, { noent: false, nonet: true });
  const plain = libxmljs.parseXml(body);
  return { statusCode: 200, body: doc.get('//total').text() + plain.root().name() };
};
