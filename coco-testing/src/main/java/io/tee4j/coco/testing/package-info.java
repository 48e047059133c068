/**
 * A fake trustee Key Broker Service for tests and demos ({@link io.tee4j.coco.testing.FakeKbs}). NOT
 * SECURE: plain HTTP on loopback by default, in-memory keys and sessions, and evidence appraised
 * against whatever roots it is given (the simulators'). It imitates trustee's code: RCAR version
 * 0.4.0, cookies, error bodies and statuses, and the JWE format of resource responses.
 */
package io.tee4j.coco.testing;
