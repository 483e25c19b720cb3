'use strict';

const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const config = require('./config');

const s3 = new S3Client({
  region: config.region,
  credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
});

exports.handler = async (event) => {
  await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: `reports/${Date.now()}.json`, Body: JSON.stringify(event) }));
};
