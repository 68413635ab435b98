/**
 * Spring Boot auto-configuration for Sluice: add {@code sluice-spring-boot-starter} and an {@code
 * Engine} bean appears, configured from {@code sluice.*} properties, with the application's
 * workflows, executors, listeners, launch plans and triggers picked up as beans. See {@link
 * SluiceProperties} for the properties and {@code docs/spring-boot.md}.
 */
package dev.sluice.spring;
