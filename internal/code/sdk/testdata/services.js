const { RekognitionClient, DetectLabelsCommand } = require('@aws-sdk/client-rekognition');

const rek = new RekognitionClient({});

exports.handler = async (event) => {
  return rek.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket: process.env.IMAGES, Name: event.key } } }));
};
