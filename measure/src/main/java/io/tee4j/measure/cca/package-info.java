/**
 * Arm CCA measured identity: the Realm Initial Measurement from the realm parameters, the RAM
 * ranges, the measured blobs and the first REC ({@link io.tee4j.measure.cca.RealmInitialMeasurement}),
 * following the RMM specification DEN0137 1.0-rel0 as veraison/cca-realm-measurements implements it.
 */
package io.tee4j.measure.cca;
