'use strict';

const libxmljs = require('libxmljs');

function parseInvoice(xml) {
  return libxmljs.parseXml(xml, { noent: true, nonet: false }); // want CODE008
}

exports.handler = async (event) => {
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body;
  const doc = parseInvoice(body);
  return { statusCode: 200, body: doc.get('//total').text() };
};
