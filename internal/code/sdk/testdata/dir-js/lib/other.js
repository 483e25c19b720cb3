const AWS = require('aws-sdk');
exports.other = async () => new AWS.S3().deleteBucket({ Bucket: 'b' }).promise();
