'use strict';

const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.MONGO_URL);

exports.handler = async (event) => {
  const { username, password } = JSON.parse(event.body);
  const users = client.db('app').collection('users');
  const user = await users.findOne({ username, password }); // want CODE005
  if (!user) {
    return { statusCode: 401 };
  }
  const filter = JSON.parse(event.queryStringParameters.filter);
  const sessions = await client.db('app').collection('sessions').deleteMany({ user: user._id, device: filter.device }); // want CODE005
  return { statusCode: 200, body: JSON.stringify({ id: user._id, removed: sessions.deletedCount }) };
};
